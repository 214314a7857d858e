//! A text in both languages the app speaks: Chinese for officers, paper and the record,
//! English for the app's English mode. Built in one place from the same values, so the
//! two never say different things; personal data goes into neither (callers mask first).

/// The same statement in Chinese (`zh`) and English (`en`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Appends a clause to both texts.
    pub fn push(&mut self, zh: &str, en: &str) {
        self.zh.push_str(zh);
        self.en.push_str(en);
    }
}
