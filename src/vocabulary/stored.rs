//! The one mapping between a vocabulary enum and the names it is stored, sent and shown by.
//!
//! [`stored_vocabulary!`] takes an enum whose every variant carries its stored name
//! (`Employee = "employee"`) and generates, from that single table: `ALL`, `as_str`,
//! `from_stored`, `FromStr`, `Display` (the stored name, used as the UI's display key),
//! serde names (IPC and JSON columns), the ts-rs string union (`ui/src/bindings.ts`) and
//! rusqlite `ToSql`/`FromSql`, so SQL binds the enum itself. A stored name therefore exists
//! in exactly one place; comparing a stored value against a hand-typed literal elsewhere is
//! refused by `tests/vocabulary_literals.rs`.
//!
//! Reading officers' spellings (职工医保, 参保缴费 …) is parsing, not this mapping: it stays in
//! each enum's own spelling table.

/// A stored name no variant of the vocabulary has (a corrupt row, a typo on the command line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{name}” is not a known {vocabulary} (known: {known})")]
pub struct UnknownName {
    /// The enum's name, `Scheme`, `Outcome` …
    pub vocabulary: &'static str,
    pub name: String,
    /// The stored names it knows, comma-separated.
    pub known: String,
}

/// Declares a vocabulary enum with its stored names; see the module overview.
///
/// Derives `Debug, Clone, Copy, PartialEq, Eq, Hash`, serde and ts-rs itself; further
/// derives (`PartialOrd`, `Ord`, `Default`, `clap::ValueEnum`) and docs are passed through.
macro_rules! stored_vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $stored:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $stored)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($stored),+].len()] = [$($name::$variant),+];

            /// The stable name stored in the database, sent over IPC and used as display key.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $stored, )+
                }
            }

            /// Reads a stored name back; `None` for a name this vocabulary does not have.
            pub fn from_stored(s: &str) -> Option<$name> {
                match s {
                    $( $stored => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// Every stored name, for messages that list the choices.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownName;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::from_stored(s).ok_or_else(|| $crate::vocabulary::UnknownName {
                    vocabulary: stringify!($name),
                    name: s.to_string(),
                    known: Self::names().join(", "),
                })
            }
        }

        impl ::rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> ::rusqlite::Result<::rusqlite::types::ToSqlOutput<'_>> {
                Ok(::rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl ::rusqlite::types::FromSql for $name {
            fn column_result(
                value: ::rusqlite::types::ValueRef<'_>,
            ) -> ::rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                text.parse::<$name>()
                    .map_err(|e| ::rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

pub(crate) use stored_vocabulary;

#[cfg(test)]
mod tests {
    use super::UnknownName;

    stored_vocabulary! {
        /// A vocabulary declared only to test the macro.
        enum Colour {
            Red = "red",
            DeepBlue = "deep_blue",
        }
    }

    #[test]
    fn stored_names_serde_names_and_display_are_one_mapping() {
        for colour in Colour::ALL {
            let stored = colour.as_str();
            assert_eq!(Colour::from_stored(stored), Some(colour));
            assert_eq!(stored.parse::<Colour>(), Ok(colour));
            assert_eq!(colour.to_string(), stored);
            assert_eq!(
                serde_json::to_string(&colour).unwrap(),
                format!("\"{stored}\"")
            );
            let back: Colour = serde_json::from_str(&format!("\"{stored}\"")).unwrap();
            assert_eq!(back, colour);
        }
        assert_eq!(Colour::DeepBlue.as_str(), "deep_blue");
    }

    #[test]
    fn an_unknown_name_is_refused_naming_the_choices() {
        assert_eq!(Colour::from_stored("Red"), None);
        let err: UnknownName = "green".parse::<Colour>().unwrap_err();
        assert_eq!(err.vocabulary, "Colour");
        assert_eq!(err.known, "red, deep_blue");
    }

    #[test]
    fn the_typescript_type_is_the_union_of_stored_names() {
        use ts_rs::TS;
        let decl = Colour::decl(&ts_rs::Config::new());
        assert!(decl.contains("\"red\" | \"deep_blue\""), "{decl}");
    }

    #[test]
    fn sqlite_binds_and_reads_the_stored_name() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let text: String = conn
            .query_row("SELECT ?1", [Colour::DeepBlue], |r| r.get(0))
            .unwrap();
        assert_eq!(text, "deep_blue");
        let back: Colour = conn.query_row("SELECT 'red'", [], |r| r.get(0)).unwrap();
        assert_eq!(back, Colour::Red);
        let bad = conn.query_row("SELECT 'green'", [], |r| r.get::<_, Colour>(0));
        assert!(bad.is_err());
    }
}
