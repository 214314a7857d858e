//! The worklists as a printer gets them: rendered by a real client (LibreOffice headless →
//! PDF; `scripts/setup.sh` installs it) and checked on the PDF with poppler: A4 landscape,
//! text at 10 pt or more, rows tall enough to write in, every name and short reason whole,
//! the header and page numbers on every page, the signature block, and the summary's chart
//! on one page with its table.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::sheets::{self, column, data_rows};
use enrolgap::worklist::{self, columns, WorklistOptions};
use enrolgap::{analyze, NoProgress};

fn tool(name: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn has_soffice() -> bool {
    Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Renders every workbook in `dir` to PDF in `pdf`, with a private LibreOffice profile.
fn render(dir: &Path, pdf: &Path) -> Vec<PathBuf> {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        profile.as_ref(),
        "--headless".as_ref(),
        "--convert-to".as_ref(),
        "pdf".as_ref(),
        "--outdir".as_ref(),
        pdf.as_os_str(),
    ];
    args.extend(files.iter().map(|f| f.as_os_str()));
    tool("soffice", &args);
    files
        .iter()
        .map(|f| pdf.join(f.with_extension("pdf").file_name().unwrap()))
        .collect()
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.as_os_str()]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line[6..].trim().parse().unwrap()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &[
            "-raw".as_ref(),
            "-f".as_ref(),
            p.as_ref(),
            "-l".as_ref(),
            p.as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    )
}

/// (text, x min, y min, height) of each word on `page`.
fn words(pdf: &Path, page: usize) -> Vec<(String, f64, f64, f64)> {
    let p = page.to_string();
    let xml = tool(
        "pdftotext",
        &[
            "-bbox".as_ref(),
            "-f".as_ref(),
            p.as_ref(),
            "-l".as_ref(),
            p.as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..at + line[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    xml.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let text = &l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()];
            (
                text.replace("&amp;", "&"),
                attr(l, "xMin"),
                attr(l, "yMin"),
                attr(l, "yMax") - attr(l, "yMin"),
            )
        })
        .collect()
}

/// Poppler's word box is 1.3 × the font size (its default ascent 0.95 and descent 0.35).
const BOX_PER_POINT: f64 = 1.3;

#[test]
fn printed_field_sheets_are_legible_whole_and_signed() {
    if !has_soffice() {
        println!("SKIPPED printed_field_sheets_are_legible_whole_and_signed: soffice (LibreOffice) is not installed; scripts/setup.sh installs it");
        return;
    }
    let mut conn = common::import_demo();
    analyze(&mut conn, common::demo_as_of(), &NoProgress).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    worklist::export(&mut conn, &out, &WorklistOptions::default()).unwrap();
    let pdf_dir = dir.path().join("pdf");
    let pdfs = render(&out, &pdf_dir);

    let fonts = tool("pdffonts", &[pdfs[0].as_os_str()]);
    assert!(fonts.contains("CJK"), "a CJK font is used: {fonts}");
    assert!(!fonts.contains("Type 3"), "no bitmap fonts: {fonts}");

    for (xlsx, pdf) in sheets::worklists(&out).iter().zip(pdfs.iter()) {
        let file = xlsx.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(pdf.file_stem(), xlsx.file_stem());
        let info = tool("pdfinfo", &[pdf.as_os_str()]);
        assert!(
            info.contains("841.89 x 595.3"),
            "{file}: A4 landscape: {info}"
        );
        let n = pages(pdf);
        let book = sheets::read(xlsx);
        let mut all_text = String::new();
        for page in 1..=n {
            let text = page_text(pdf, page);
            assert!(
                text.contains(&format!("第 {page} 页 共 {n} 页")),
                "{file} page {page}: footer"
            );
            // Header cells wrap too: look at the page's lines joined.
            let page_joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            for header in [
                columns::NAME,
                columns::OUTCOME,
                columns::OUTCOME_DATE,
                columns::CASE_CODE,
            ] {
                assert!(page_joined.contains(header), "{file} page {page}: header {header} repeated (and no column spilled onto another page)");
            }
            let words = words(pdf, page);
            let body: Vec<&(String, f64, f64, f64)> =
                words.iter().filter(|w| w.2 > 60.0 && w.2 < 560.0).collect();
            let smallest = body.iter().map(|w| w.3).fold(f64::MAX, f64::min);
            assert!(
                smallest / BOX_PER_POINT >= 9.95,
                "{file} page {page}: text at {:.2} pt",
                smallest / BOX_PER_POINT
            );
            // Serial numbers sit one per row, left of the name column: rows at least 8 mm apart.
            let mut serials: Vec<f64> = body
                .iter()
                .filter(|w| w.1 < 45.0 && w.0.parse::<u32>().is_ok())
                .map(|w| w.2)
                .collect();
            serials.sort_by(f64::total_cmp);
            assert!(
                !serials.is_empty(),
                "{file} page {page}: no person on the page (a signature block alone?)"
            );
            for pair in serials.windows(2) {
                assert!(
                    pair[1] - pair[0] >= 8.0 * 72.0 / 25.4,
                    "{file} page {page}: a row {:.1} pt tall",
                    pair[1] - pair[0]
                );
            }
            all_text.push_str(&text);
        }
        // Wrapped cells come out line after line: joined, each must hold its whole text.
        let joined: String = all_text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut people = 0;
        for (sheet, rows) in &book {
            let (name, reason, address) = (
                column(rows, columns::NAME),
                column(rows, columns::REASON),
                column(rows, columns::ADDRESS),
            );
            for r in data_rows(rows) {
                people += 1;
                for cell in [&rows[r][name], &rows[r][reason], &rows[r][address]] {
                    let whole: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
                    assert!(
                        joined.contains(&whole),
                        "{file}/{sheet}: “{cell}” not printed whole"
                    );
                }
            }
        }
        assert!(people > 0);
        assert_eq!(
            all_text.matches("填报人").count(),
            book.len(),
            "{file}: a signature block per sheet"
        );
        assert!(all_text.contains("审核人") && all_text.contains("填报日期"));
    }

    // The summary: landscape, the coverage table and its chart on one page.
    let summary = pdfs
        .iter()
        .find(|p| p.file_name().unwrap() == "汇总.pdf")
        .unwrap();
    let info = tool("pdfinfo", &[summary.as_os_str()]);
    assert!(info.contains("841.89 x 595.3"), "summary landscape: {info}");
    let coverage_page = (1..=pages(summary))
        .find(|&p| page_text(summary, p).contains("各乡镇参保率与目标（"))
        .expect("the coverage page");
    let text = page_text(summary, coverage_page);
    assert!(
        text.matches("各乡镇参保率与目标").count() >= 2,
        "table and chart title on one page: {text}"
    );
    assert!(
        text.contains("100%") && text.contains("0%"),
        "the chart's axis on the same page"
    );
    if coverage_page < pages(summary) {
        assert!(
            !page_text(summary, coverage_page + 1).contains("各乡镇参保率与目标"),
            "the chart does not run onto the next page"
        );
    }
}

#[test]
fn workbooks_named_after_awkward_units_open_in_a_real_client_with_their_full_names() {
    if !has_soffice() {
        println!("SKIPPED workbooks_named_after_awkward_units_open_in_a_real_client_with_their_full_names: soffice (LibreOffice) is not installed; scripts/setup.sh installs it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut conn = common::county::awkward_county(dir.path());
    for split in [worklist::SplitBy::Township, worklist::SplitBy::Village] {
        let out = dir.path().join(format!("{split:?}"));
        worklist::export(
            &mut conn,
            &out,
            &WorklistOptions {
                split_by: Some(split),
                ..Default::default()
            },
        )
        .unwrap();
        let pdf_dir = dir.path().join(format!("{split:?}-pdf"));
        let pdfs = render(&out, &pdf_dir);
        let mut text = String::new();
        for pdf in &pdfs {
            assert!(pdf.exists(), "{split:?}: {} did not open", pdf.display());
            for page in 1..=pages(pdf) {
                text.push_str(&page_text(pdf, page));
            }
        }
        let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for (township, village) in common::county::awkward_units() {
            for name in [township, village] {
                let whole: String = name
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                assert!(
                    joined.contains(&whole),
                    "{split:?}: {name:?} not printed whole"
                );
            }
        }
    }
}
