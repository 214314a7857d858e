//! How a file will be imported, decided before any row is read: which of its sheets hold
//! the list (a sheet without the kind's required columns is left out, and said so), what
//! each column means (the header search, then the user's mapping or one saved for the same
//! layout), and which kind of list it is (`kind_guess`, or the user's choice). Used by the
//! import and by its preview alike, so the preview shows what the import will do.

use rusqlite::Connection;

use super::header::{self, column_index, Header};
use super::reader::{Sheet, SheetHead};
use super::roles::{self, clean_header, Role};
use super::saved_mapping::{self, ConfirmedMapping};
use super::{cell, kind_guess, list_facts, ColumnMapping};
use crate::{ErrorKind, ListKind, Result};

/// What the user said about columns: role and a header text or column letter.
pub(super) type Overrides = Vec<(Role, String)>;

pub(super) fn parse_overrides(mapping: &[ColumnMapping]) -> Overrides {
    mapping.iter().map(|m| (m.role, m.column.clone())).collect()
}

/// How a file will be imported: its kind and the sheets that hold the list.
pub(super) struct Plan<'a> {
    pub kind: ListKind,
    pub parts: Vec<(&'a SheetHead, Header)>,
    pub used_saved_mapping: bool,
    pub confirmed: Option<ConfirmedMapping>,
}

pub(super) fn plan_import<'a>(
    conn: &Connection,
    file: &str,
    heads: &'a [SheetHead],
    kind: Option<ListKind>,
    overrides: &Overrides,
) -> Result<Plan<'a>> {
    let sheets: Vec<&Sheet> = heads.iter().map(|h| &h.sheet).collect();
    if heads
        .iter()
        .all(|h| h.complete && h.sheet.rows.iter().flatten().all(cell::Cell::is_blank))
    {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    // The user's mapping wins; without one, a mapping saved for this header layout applies.
    let kind_given = kind.is_some();
    let mut kind = kind;
    let mut applied = overrides.clone();
    let mut used_saved_mapping = false;
    if overrides.is_empty() && !kind_given {
        if let Some(saved) = saved_mapping_for(conn, &sheets)? {
            kind = Some(saved.kind);
            applied = saved.roles;
            used_saved_mapping = true;
        }
    }
    let header_texts: Overrides = applied
        .iter()
        .filter(|(_, col)| column_index(col).is_none())
        .cloned()
        .collect();
    let mut found: Vec<(&SheetHead, Header)> = heads
        .iter()
        .filter_map(|h| header::find_header(&h.sheet, &header_texts).map(|header| (h, header)))
        .collect();
    if found.is_empty() {
        // No row anywhere names a person's columns: say what the header needs.
        return Err(ErrorKind::MissingColumn {
            file: file.into(),
            column: "姓名和身份证号".into(),
            examples: format!(
                "{}；{}",
                roles::NAME_HEADER_EXAMPLES,
                roles::ID_HEADER_EXAMPLES
            ),
        }
        .into());
    }
    for (_, header) in &mut found {
        apply_overrides(file, header, &applied)?;
    }

    let kind = match kind {
        Some(kind) => kind,
        None => {
            let guesses: Vec<kind_guess::KindGuess> = found
                .iter()
                .map(|(head, header)| {
                    kind_guess::guess_kind(
                        header,
                        file,
                        &head.sheet.name,
                        &list_facts::title_text(head, header),
                    )
                })
                .collect();
            let sure = guesses.iter().find_map(|g| match g {
                kind_guess::KindGuess::Kind(k) => Some(*k),
                _ => None,
            });
            let close = guesses.iter().find_map(|g| match g {
                kind_guess::KindGuess::Close(a, b) => Some((*a, *b)),
                _ => None,
            });
            match (sure, close) {
                (Some(kind), _) => kind,
                // Never imported as the wrong kind silently: the officer says which.
                (None, Some((first, second))) => {
                    return Err(ErrorKind::KindUnclear {
                        file: file.into(),
                        first,
                        second,
                    }
                    .into());
                }
                (None, None) => return Err(ErrorKind::UnknownKind { file: file.into() }.into()),
            }
        }
    };
    let parts = keep_sheets_with_required_columns(file, kind, found)?;
    // Naming the kind or the columns is the user confirming how this layout reads.
    let confirmed = (!used_saved_mapping && (!overrides.is_empty() || kind_given))
        .then(|| confirm(kind, &parts[0].1));
    Ok(Plan {
        kind,
        parts,
        used_saved_mapping,
        confirmed,
    })
}

/// The mapping saved for a header row of one of the sheets, if any.
fn saved_mapping_for(conn: &Connection, sheets: &[&Sheet]) -> Result<Option<ConfirmedMapping>> {
    for sheet in sheets {
        for row in header::candidate_rows(sheet) {
            if row.iter().all(cell::Cell::is_blank) {
                continue;
            }
            if let Some(saved) = saved_mapping::find(conn, &header::row_signature(row))? {
                return Ok(Some(saved));
            }
        }
    }
    Ok(None)
}

/// Points each overridden role at its column, named by header text or letter.
fn apply_overrides(file: &str, header: &mut Header, overrides: &Overrides) -> Result<()> {
    for (role, column) in overrides {
        let wanted = clean_header(column);
        let by_title = header
            .titles
            .iter()
            .find(|(_, t)| clean_header(t) == wanted)
            .map(|(c, _)| *c);
        let col = by_title.or_else(|| column_index(column)).ok_or_else(|| {
            ErrorKind::InvalidArgument {
                message: format!("文件 {file} 的表头中没有“{column}”这一列"),
            }
        })?;
        header.assign(*role, col);
    }
    Ok(())
}

/// The sheets that hold the list: those with the columns this kind needs. Sheets without
/// them (instructions, summaries, empty sheets) are skipped.
fn keep_sheets_with_required_columns<'a>(
    file: &str,
    kind: ListKind,
    found: Vec<(&'a SheetHead, Header)>,
) -> Result<Vec<(&'a SheetHead, Header)>> {
    let missing = |column: &str, examples: &str| -> crate::Error {
        ErrorKind::MissingColumn {
            file: file.into(),
            column: column.into(),
            examples: examples.into(),
        }
        .into()
    };
    let identifies = |h: &Header| {
        if kind.requires_id_column() {
            h.column(Role::IdNumber).is_some()
        } else {
            [
                Role::Name,
                Role::IdNumber,
                Role::BirthCertNumber,
                Role::MotherId,
            ]
            .iter()
            .any(|r| h.column(*r).is_some())
        }
    };
    let parts: Vec<_> = found.into_iter().filter(|(_, h)| identifies(h)).collect();
    if parts.is_empty() {
        return Err(if kind.requires_id_column() {
            missing("身份证号", roles::ID_HEADER_EXAMPLES)
        } else {
            missing(
                "新生儿姓名、出生医学证明编号或母亲身份证号",
                "新生儿姓名、出生医学证明编号、母亲身份证号",
            )
        });
    }
    if kind.requires_id_column() && !parts.iter().any(|(_, h)| h.column(Role::Name).is_some()) {
        return Err(missing("姓名", roles::NAME_HEADER_EXAMPLES));
    }
    if parts
        .iter()
        .all(|(s, h)| s.complete && s.sheet.rows.len() <= h.data_start)
    {
        return Err(ErrorKind::EmptyFile { file: file.into() }.into());
    }
    Ok(parts)
}

fn confirm(kind: ListKind, header: &Header) -> ConfirmedMapping {
    ConfirmedMapping {
        signature: header.signature.clone(),
        kind,
        roles: header
            .columns
            .keys()
            .filter_map(|r| Some((*r, header.title(*r)?.to_string())))
            .collect(),
    }
}
