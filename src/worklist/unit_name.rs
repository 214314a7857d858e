//! Unit names made safe and unique for the two places Excel and Windows are strict about:
//! file names and sheet names.
//!
//! A unit's name comes from a list typed by hand: it may be 90 characters long, hold
//! characters Windows or Excel forbid, a control character, a leading apostrophe, or equal
//! another unit's name in its first 31 characters or but for case (NTFS and Excel compare
//! names without case). [`Namer`] hands out names that are always valid and never equal
//! one given before (compared without case, after truncation); the full name stays in the
//! sheet's title row, so nothing is lost.

use std::collections::HashSet;

/// Excel's limit on a sheet name, in UTF-16 code units.
pub const SHEET_NAME_MAX: usize = 31;
/// Characters of a file name's unit part: short enough that the folder plus the file stays
/// under Windows' 260-character path limit.
pub const FILE_STEM_MAX: usize = 60;

/// Hands out names unique without case within one scope (one folder, one workbook).
#[derive(Debug, Default)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    /// A name is taken without case: "Abc" and "ABC" are the same file on NTFS.
    fn take(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_lowercase())
    }

    /// Marks a name as used (e.g. 汇总.xlsx beside the worklists).
    pub fn reserve(&mut self, name: &str) {
        self.take(name);
    }

    /// A sheet name for `name`: forbidden characters replaced, at most 31 UTF-16 units,
    /// no apostrophe at either end, unique in this workbook ("名单", "名单(2)", …).
    pub fn sheet(&mut self, name: &str) -> String {
        let cleaned = clean(name, |c| {
            matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')
        });
        let cleaned = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
        // Excel reserves "History" for its change-tracking sheet.
        let base = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
            "名单"
        } else {
            cleaned
        };
        self.unique(
            base,
            SHEET_NAME_MAX,
            utf16_len,
            |s| s.trim_end_matches(['\'', ' ']).to_string(),
            "",
        )
    }

    /// A file stem (without extension) for `name`: characters Windows forbids replaced, no
    /// dot or space at the end, not a reserved device name, at most [`FILE_STEM_MAX`]
    /// characters, unique in this folder without case. `prefix` ("乡镇-") comes first.
    pub fn file(&mut self, prefix: &str, name: &str, extension: &str) -> String {
        let cleaned = clean(name, |c| {
            matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
        });
        let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
        let base = format!(
            "{prefix}{}",
            if cleaned.is_empty() {
                "未命名"
            } else {
                cleaned
            }
        );
        let fix_end = |s: &str| {
            let s = s.trim_end_matches(['.', ' ']).to_string();
            if is_reserved_device(&s) {
                format!("{s}_")
            } else {
                s
            }
        };
        self.unique(
            &fix_end(&base),
            FILE_STEM_MAX,
            |s| s.chars().count(),
            fix_end,
            &format!(".{extension}"),
        )
    }

    /// `base` cut to `max` (as `len` measures), then "(2)", "(3)", … until it is free;
    /// `extension` follows, outside the limit.
    fn unique(
        &mut self,
        base: &str,
        max: usize,
        len: fn(&str) -> usize,
        fix_end: impl Fn(&str) -> String,
        extension: &str,
    ) -> String {
        let first = format!("{}{extension}", fix_end(&cut(base, max, len)));
        if self.take(&first) {
            return first;
        }
        for n in 2.. {
            let suffix = format!("({n})");
            let candidate = format!(
                "{}{suffix}{extension}",
                fix_end(&cut(base, max - len(&suffix), len))
            );
            if self.take(&candidate) {
                return candidate;
            }
        }
        unreachable!("some suffix is always free")
    }
}

/// Control characters removed, other whitespace made a plain space, `forbidden` made `_`.
fn clean(name: &str, forbidden: impl Fn(char) -> bool) -> String {
    name.chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if forbidden(c) {
                '_'
            } else if c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The longest prefix of `s` whose `len` is at most `max`, cut between characters.
fn cut(s: &str, max: usize, len: fn(&str) -> usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if len(&out) > max {
            out.pop();
            break;
        }
    }
    out
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// CON, PRN, AUX, NUL, COM1–9, LPT1–9: Windows opens a device, not a file, whatever the
/// extension.
fn is_reserved_device(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    let upper = upper.split('.').next().unwrap_or_default().trim_end();
    matches!(upper, "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_sheet(name: &str) -> bool {
        !name.is_empty()
            && utf16_len(name) <= SHEET_NAME_MAX
            && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
            && !name.starts_with('\'')
            && !name.ends_with('\'')
            && !name.chars().any(char::is_control)
    }

    #[test]
    fn sheet_names_equal_in_their_first_31_characters_stay_apart() {
        let long = "海丰县附城镇新园村民委员会第一经济合作社东片区第三村民小组居民点";
        let a = format!("{long}甲组");
        let b = format!("{long}乙组");
        assert!(a.chars().count() > 31);
        let mut n = Namer::default();
        let (x, y) = (n.sheet(&a), n.sheet(&b));
        assert!(valid_sheet(&x) && valid_sheet(&y), "{x} / {y}");
        assert_ne!(x.to_lowercase(), y.to_lowercase());
    }

    #[test]
    fn apostrophes_forbidden_and_control_characters_are_made_safe() {
        let mut n = Namer::default();
        for raw in [
            "'东村",
            "东村'",
            "A/B:C*D?E[F]G\\H",
            "村\u{7}名\n二",
            "  ",
            "'",
            "History",
            "广州🐉科技有限公司第一分公司第二项目部维修班",
        ] {
            let name = n.sheet(raw);
            assert!(valid_sheet(&name), "{raw:?} → {name:?}");
        }
        assert_eq!(Namer::default().sheet("'东村"), "东村");
        assert_eq!(Namer::default().sheet("村\u{7}名"), "村名");
    }

    #[test]
    fn names_differing_only_in_case_get_different_files_and_sheets() {
        let mut files = Namer::default();
        let a = files.file("单位-", "ABC劳务派遣公司", "xlsx");
        let b = files.file("单位-", "abc劳务派遣公司", "xlsx");
        assert_ne!(a.to_lowercase(), b.to_lowercase(), "{a} / {b}");
        let mut sheets = Namer::default();
        assert_ne!(
            sheets.sheet("Class A").to_lowercase(),
            sheets.sheet("CLASS A").to_lowercase()
        );
    }

    #[test]
    fn client_companies_longer_than_31_characters_keep_apart_after_truncation() {
        let mut n = Namer::default();
        let first = n.sheet("深圳市某某人力资源服务有限公司海丰分公司派驻广东省汕尾市第一分公司");
        let second = n.sheet("深圳市某某人力资源服务有限公司海丰分公司派驻广东省汕尾市第二分公司");
        let third = n.sheet("深圳市某某人力资源服务有限公司海丰分公司派驻广东省汕尾市第三分公司");
        let all = [&first, &second, &third];
        assert!(all.iter().all(|s| valid_sheet(s)));
        let distinct: HashSet<String> = all.iter().map(|s| s.to_lowercase()).collect();
        assert_eq!(distinct.len(), 3, "{all:?}");
    }

    #[test]
    fn a_90_character_township_gets_a_short_valid_file_name() {
        let township: String = "海".repeat(90);
        let mut n = Namer::default();
        let file = n.file("乡镇-", &township, "xlsx");
        assert!(file.chars().count() <= FILE_STEM_MAX + 5, "{file}");
        let again = n.file("乡镇-", &format!("{township}二"), "xlsx");
        assert_ne!(file, again, "equal after truncation: still two files");
    }

    #[test]
    fn file_names_windows_refuses_are_made_safe() {
        let mut n = Namer::default();
        n.reserve("汇总.xlsx");
        assert_eq!(n.file("", "汇总", "xlsx"), "汇总(2).xlsx");
        let names = [
            n.file("", "CON", "xlsx"),
            n.file("", "lpt1", "xlsx"),
            n.file("村-", "a<b>c:d\"e|f?g*h/i\\j", "xlsx"),
            n.file("", "东村. ", "xlsx"),
            n.file("", "\u{1}\u{2}", "xlsx"),
        ];
        for name in &names {
            let stem = name.trim_end_matches(".xlsx");
            assert!(
                !stem.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']),
                "{name}"
            );
            assert!(
                !stem.ends_with('.') && !stem.ends_with(' ') && !stem.is_empty(),
                "{name}"
            );
            assert!(!is_reserved_device(stem), "{name}");
            assert!(!stem.chars().any(char::is_control), "{name}");
        }
    }
}
