//! The merged regions of an xlsx's sheets, without parsing the sheets' XML.
//!
//! `<mergeCells>` comes after `<sheetData>` in a worksheet, and merges below the header
//! must be known before the first data row is normalised. calamine's
//! `merge_cells_by_sheet_name` finds them by running its XML parser over the whole sheet
//! — a second full parse, a fifth of an import's time on a large list. Here the sheet's
//! zip entry is only inflated and searched (SIMD `memmem`) for `mergeCells`; the XML from
//! there on, a few elements, is parsed for each `mergeCell ref`. Inflating is a fraction
//! of parsing.
//!
//! The sheet's entry is found the way calamine
//! finds it (`_rels/.rels` → workbook → its relationships); whenever anything there is
//! not as expected, [`regions`] returns `None` and the caller asks calamine.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml::events::Event;

use super::column_letters::column_index;

/// Each sheet's merged regions, by sheet name.
pub type BySheet = HashMap<String, Vec<Dimensions>>;

/// The merged regions of every sheet of the xlsx `bytes`, or `None` (not an xlsx
/// package as expected) to fall back on calamine. A sheet missing from the map is asked
/// of calamine too.
pub fn by_sheet(bytes: &[u8]) -> Option<BySheet> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entries: HashMap<String, String> = zip
        .file_names()
        .flatten()
        .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned()))
        .collect();
    let mut read_small = |path: &str| -> Option<Vec<u8>> {
        let name = entries
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str);
        let mut entry = zip.by_name(name).ok()?;
        let mut out = Vec::new();
        // Parts that name sheets are small; a huge one is not worth the shortcut.
        (&mut entry).take(16 << 20).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let package = read_small("_rels/.rels")?;
    let documents: Vec<String> = relationships(&package)?
        .into_values()
        .filter(|(_, t)| t.ends_with("/relationships/officeDocument"))
        .map(|(target, _)| target)
        .collect();
    // More than one workbook named: which one calamine reads is its business.
    let [target] = documents.as_slice() else {
        return None;
    };
    let (dir, workbook_name) = target.split_at(target.rfind('/').map_or(0, |i| i + 1));
    let xl_path = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let workbook_name = if workbook_name.is_empty() {
        "workbook.xml"
    } else {
        workbook_name
    };
    let rels = relationships(&read_small(&format!(
        "{xl_path}_rels/{workbook_name}.rels"
    ))?)?;
    let sheets = sheet_targets(&read_small(&format!("{xl_path}{workbook_name}"))?)?;
    let mut paths: HashMap<String, String> = HashMap::new();
    for (name, rel) in sheets {
        let target = &rels.get(&rel)?.0;
        let path = target
            .strip_prefix('/')
            .map_or_else(|| format!("{xl_path}{target}"), str::to_string);
        // Two sheets of one name: calamine reads the first.
        paths.entry(name).or_insert(path);
    }
    let mut out = BySheet::new();
    for (name, path) in paths {
        let entry_name = entries
            .get(&path.to_ascii_lowercase())
            .map_or(path.as_str(), String::as_str);
        let Ok(entry) = zip.by_name(entry_name) else {
            continue;
        };
        if let Some(found) = scan(entry) {
            out.insert(name, found);
        }
    }
    Some(out)
}

/// Inflates a sheet's XML, keeping it from the first mention of `mergeCells` on, and
/// parses the merges there; calamine reads the first `<mergeCells>` element too. Starting
/// at the `<` before the mention, the XML parser still tells markup from a text that
/// happens to say "mergeCells". `None` for an unreadable entry.
fn scan(mut entry: impl Read) -> Option<Vec<Dimensions>> {
    const NAME: &[u8] = b"mergeCells";
    // Enough to hold the name and the `<prefix:` before it across a chunk boundary.
    const CARRY: usize = 64;
    let finder = memchr::memmem::Finder::new(NAME);
    let mut buf = vec![0u8; 256 * 1024];
    let mut kept: Option<Vec<u8>> = None;
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = entry.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        if let Some(kept) = &mut kept {
            kept.extend_from_slice(&buf[..n]);
            continue;
        }
        let mut window = std::mem::take(&mut carry);
        window.extend_from_slice(&buf[..n]);
        if let Some(at) = finder.find(&window) {
            let open = window[..at].iter().rposition(|&b| b == b'<').unwrap_or(at);
            kept = Some(window[open..].to_vec());
        } else {
            carry = window[window.len().saturating_sub(CARRY)..].to_vec();
        }
    }
    match kept {
        Some(xml) => merge_cells(&xml),
        None => Some(Vec::new()),
    }
}

/// The `ref` of each `mergeCell` inside the first `mergeCells`, as calamine reads them;
/// a reference it would refuse makes the whole sheet's answer empty, as calamine's error
/// does for the caller.
fn merge_cells(xml: &[u8]) -> Option<Vec<Dimensions>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let (mut inside, mut out) = (false, Vec::new());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "mergeCells" => inside = true,
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "mergeCells" => return Some(out),
            Ok(Event::Start(e) | Event::Empty(e))
                if inside && e.local_name().as_ref() == "mergeCell" =>
            {
                let attr = e.try_get_attribute("ref").ok()?;
                if let Some(attr) = attr {
                    match dimension(&attr.value) {
                        Some(d) => out.push(d),
                        None => return Some(Vec::new()),
                    }
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "mergeCells" => return Some(out),
            // calamine reports a missing end as an error: no merges.
            Ok(Event::Eof) => return Some(if inside { Vec::new() } else { out }),
            Err(_) => return Some(Vec::new()),
            _ => {}
        }
    }
}

/// "A6:G67" or "B2" as 0-based (row, column) corners, as calamine's `get_dimension`.
fn dimension(text: &str) -> Option<Dimensions> {
    let parts: Vec<(u32, u32)> = text.split(':').map(cell_ref).collect::<Option<_>>()?;
    match parts.as_slice() {
        [one] => Some(Dimensions {
            start: *one,
            end: *one,
        }),
        [start, end] => Some(Dimensions {
            start: *start,
            end: *end,
        }),
        _ => None,
    }
}

fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    // ASCII letters: the split falls on a character boundary.
    let (col, row) = text.split_at(letters);
    if row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = column_index(col)?;
    let row = row.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })?;
    Some((row.checked_sub(1)?, col))
}

/// A relationships part: id -> (target, type).
fn relationships(xml: &[u8]) -> Option<HashMap<String, (String, String)>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = HashMap::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let get = |key: &str| -> Option<String> {
                    let attr = e.try_get_attribute(key).ok()??;
                    Some(
                        attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?
                            .into_owned(),
                    )
                };
                if let Some(id) = get("Id") {
                    out.insert(
                        id,
                        (
                            get("Target").unwrap_or_default(),
                            get("Type").unwrap_or_default(),
                        ),
                    );
                }
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// The workbook's sheets: (name, relationship id).
fn sheet_targets(xml: &[u8]) -> Option<Vec<(String, String)>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let (mut name, mut id) = (None, None);
                for attr in e.attributes() {
                    let attr = attr.ok()?;
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned();
                    match attr.key.local_name().as_ref() {
                        "name" => name = Some(value),
                        "id" => id = Some(value),
                        _ => {}
                    }
                }
                out.push((name?, id?));
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use calamine::Reader;

    /// Every xlsx among the fixtures (hostile ones included) has the same merges through
    /// the scan as through calamine's parse, sheet by sheet.
    #[test]
    fn the_scan_finds_what_calamine_finds() {
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "xlsx") {
                    files.push(path);
                }
            }
        }
        let mut compared = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            // Import never gives calamine (or the scan) a file the limits refuse.
            if crate::import::limits::check_container("f.xlsx", &bytes).is_err() {
                continue;
            }
            let Ok(mut workbook) = calamine::Xlsx::new(std::io::Cursor::new(&bytes[..])) else {
                continue;
            };
            let names = workbook.sheet_names();
            let Some(mut scanned) = std::panic::catch_unwind(|| super::by_sheet(&bytes))
                .ok()
                .flatten()
            else {
                continue;
            };
            for name in &names {
                let Some(found) = scanned.remove(name) else {
                    continue;
                };
                let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    workbook.merge_cells_by_sheet_name(name).unwrap_or_default()
                }));
                let Ok(parsed) = parsed else { continue };
                assert_eq!(
                    format!("{found:?}"),
                    format!("{parsed:?}"),
                    "{} sheet {name}",
                    path.display()
                );
                compared += 1;
            }
        }
        assert!(compared > 10, "only {compared} sheets compared");
    }
}
