//! An OLE2 compound file (.xls, MS-CFB), checked as calamine will read it: calamine
//! follows sector chains until they end, so one that loops would run it out of memory,
//! and it reserves rows × columns cells for a sheet's declared dimensions.

use super::too_large;
use crate::{ErrorKind, Result};

const CFB_RESERVED: u32 = 0xFFFF_FFFA;
const CFB_DIFSECT: u32 = 0xFFFF_FFFC;
const CFB_END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn damaged(file: &str, what: &str) -> crate::Error {
    ErrorKind::NotASpreadsheet {
        file: file.into(),
        reason: format!("工作簿内部结构损坏（{what}）"),
    }
    .into()
}

fn u16_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 2)
        .map_or(0, |s| u32::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Checks an OLE2 compound file (.xls) as calamine will read it: sector chains that
/// loop (calamine follows them until memory runs out), streams longer than the file,
/// and a sheet whose declared dimensions exceed the .xls grid (calamine reserves
/// rows × columns cells). Anything else calamine refuses by itself.
pub(super) fn check_cfb(file: &str, bytes: &[u8]) -> Result<()> {
    if bytes.len() < 512 {
        return Ok(());
    }
    let size = match u16_at(bytes, 30) {
        9 => 512usize,
        12 => 4096,
        _ => return Ok(()),
    };
    let body = &bytes[size.min(bytes.len())..];
    let max_id = bytes.len() / size;
    // As calamine reads sectors: one past the end of the file but within the sector
    // count is empty, not an error, and a chain goes on through it.
    let sector = |id: u32| -> Option<&[u8]> {
        if id as usize > max_id {
            return None;
        }
        let start = (id as usize * size).min(body.len());
        Some(&body[start..(start + size).min(body.len())])
    };
    let words = |s: &[u8]| {
        s.chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect::<Vec<_>>()
    };

    // The FAT: sectors listed in the header's DIFAT and the DIFAT chain.
    let mut difat = words(&bytes[76..512]);
    let mut id = u32_at(bytes, 68);
    let mut steps = 0;
    while id < CFB_RESERVED {
        steps += 1;
        if steps > max_id + 1 {
            return Err(damaged(file, "扇区链循环"));
        }
        let Some(s) = sector(id) else { return Ok(()) };
        difat.extend(words(s));
        let Some(next) = difat.pop() else {
            return Ok(());
        };
        id = next;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < CFB_DIFSECT).collect();
    if fat_sectors.len() > max_id + 1 {
        return Err(damaged(file, "分配表比文件还大"));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        let Some(s) = sector(id) else { return Ok(()) };
        fat.extend(words(s));
    }
    // Follows a chain from `start`, at most `limit` bytes, refusing one that loops
    // before it ends.
    let chain = |start: u32, limit: usize| -> Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != CFB_END_OF_CHAIN && out.len() < limit {
            steps += 1;
            if steps > max_id + 1 {
                return Err(damaged(file, "扇区链循环"));
            }
            let Some(s) = sector(id) else { return Ok(None) };
            out.extend_from_slice(&s[..s.len().min(limit - out.len())]);
            let Some(&next) = fat.get(id as usize) else {
                return Ok(None);
            };
            id = next;
        }
        Ok(Some(out))
    };
    let Some(dirs) = chain(u32_at(bytes, 48), usize::MAX)? else {
        return Ok(());
    };
    let large = size == 4096;
    let mut workbook = None;
    for entry in dirs.chunks_exact(128) {
        let len = if large {
            u64::from(u32_at(entry, 120)) | (u64::from(u32_at(entry, 124)) << 32)
        } else {
            u64::from(u32_at(entry, 120))
        };
        if len > bytes.len() as u64 {
            return Err(damaged(file, "数据流比文件还长"));
        }
        let name: String = char::decode_utf16(
            entry[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .map(|c| c.unwrap_or('?'))
        .take_while(|&c| c != '\0')
        .collect();
        if workbook.is_none()
            && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
        {
            workbook = Some((u32_at(entry, 116), len as usize));
        }
    }
    if (u32_at(bytes, 64) as usize).saturating_mul(size) > bytes.len() {
        return Err(damaged(file, "小扇区分配表比文件还大"));
    }
    // Streams under 4096 bytes live in the mini stream; their sheets are small anyway.
    if let Some((start, len)) = workbook.filter(|(_, len)| *len >= 4096) {
        if let Some(stream) = chain(start, len)? {
            check_biff_dimensions(file, &stream)?;
        }
    }
    Ok(())
}

/// The DIMENSIONS records of a BIFF workbook stream: within the .xls grid (65,536 rows,
/// 256 columns), rows not reversed.
fn check_biff_dimensions(file: &str, stream: &[u8]) -> Result<()> {
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16_at(stream, at);
        let len = u16_at(stream, at + 2) as usize;
        let data = &stream[(at + 4).min(stream.len())..(at + 4 + len).min(stream.len())];
        if kind == 0x0200 {
            let (first_row, last_row, last_col) = match data.len() {
                10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6)),
                14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 10)),
                _ => (0, 0, 0),
            };
            if last_row > 65_536 || last_col > 256 || (last_row >= 1 && first_row > last_row) {
                return Err(too_large(
                    file,
                    format!("工作表声明的范围（第 {first_row}–{last_row} 行，{last_col} 列）超出 .xls 的 65536 行 × 256 列"),
                ));
            }
        }
        at += 4 + len;
    }
    Ok(())
}
