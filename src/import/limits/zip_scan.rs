//! The zip of an xlsx, xlsm, xlsb or ods, from its central directory: how many entries,
//! how large they say they are and how well they compress (a zip bomb compresses ~1000×,
//! real sheets 5–100×). Each XML part's head is then read by [`super::xml_part`].

use std::io::Cursor;

use super::{
    mib, short, too_large, xml_part, MAX_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES,
    RATIO_CHECKED_ABOVE,
};
use crate::Result;

/// Checks a zip container; one the zip reader cannot open is left to calamine.
pub(super) fn check_zip(file: &str, bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_large(
            file,
            format!("压缩包内有 {} 个部件，上限 {MAX_ZIP_ENTRIES}", zip.len()),
        ));
    }
    let mut total = 0u64;
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(index) else {
            continue;
        };
        let (name, size, packed) = (
            entry.name().map(|n| n.to_string()).unwrap_or_default(),
            entry.size(),
            entry.compressed_size(),
        );
        drop(entry);
        total = total.saturating_add(size);
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(too_large(
                file,
                format!(
                    "解压后共 {} 以上，上限 {}（疑似“压缩炸弹”）",
                    mib(total),
                    mib(MAX_UNCOMPRESSED_BYTES)
                ),
            ));
        }
        if size > RATIO_CHECKED_ABOVE && size / packed.max(1) > MAX_RATIO {
            return Err(too_large(
                file,
                format!(
                    "部件 {} 压缩比 {}:1（{} 解压为 {}），上限 {MAX_RATIO}:1（疑似“压缩炸弹”）",
                    short(&name),
                    size / packed.max(1),
                    mib(packed),
                    mib(size)
                ),
            ));
        }
        if xml_part::is_xml_part(&name) {
            xml_part::check_part(file, &mut zip, index, &name, size)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::ErrorKind;

    fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let deflated =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name, deflated).unwrap();
        zip.write_all(content).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_part_that_inflates_like_a_zip_bomb_is_refused() {
        // 4 MiB of one byte deflates ~1000×, as zip bombs do.
        let bomb = zip_of("xl/worksheets/sheet1.xml", &vec![b' '; 4 << 20]);
        let err = check_zip("bomb.xlsx", &bomb).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::TooLarge { .. }));
        assert!(err.to_string().contains("压缩比"), "{err}");
        let sheet = zip_of(
            "xl/worksheets/sheet1.xml",
            br#"<worksheet><dimension ref="A1:F200"/><sheetData/></worksheet>"#,
        );
        assert!(check_zip("fine.xlsx", &sheet).is_ok());
    }
}
