//! Writing output files so that a failure never leaves half a file: write beside the
//! target under a temporary name, flush to disk, then rename over the target.
//!
//! The temporary file may hold full IDs (an unmasked export), so it is created readable by
//! its owner only, and one a killed run left behind is removed by the next write to the
//! same target.

use std::io::Write;
use std::path::Path;

use crate::{ErrorKind, Result};

/// Writes `path` whole or not at all, reporting a file locked by another program (Excel
/// or WPS has it open) or a full disk in words the user can act on.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = temporary_path(path);
    remove_leftovers(path, &name);
    let result = (|| {
        let _ = std::fs::remove_file(&tmp);
        let mut out = std::io::BufWriter::new(crate::store::create_private(&tmp)?);
        write(&mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        drop(out);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        write_error(path, &e)
    })
}

/// Where [`write_file`] writes `path` before renaming it: `.{name}.<pid>.tmp` beside it
/// (for a caller that lists it with [`crate::store::leftovers`]).
pub fn temporary_path(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Removes `.{name}.<pid>.tmp` files beside `path`: what earlier, killed runs left.
fn remove_leftovers(path: &Path, name: &str) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let pid = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        if pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes bytes made in memory (a workbook) whole or not at all.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, |w| w.write_all(bytes))
}

fn write_error(path: &Path, e: &std::io::Error) -> crate::Error {
    let file = path.display().to_string();
    let reason = match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "文件被占用或没有写入权限；如果它正在 Excel 或 WPS 中打开，请先关闭再试".to_string()
        }
        std::io::ErrorKind::StorageFull => "磁盘已满；请清理空间或换一个位置".to_string(),
        std::io::ErrorKind::NotFound => "目录不存在".to_string(),
        _ => e.to_string(),
    };
    ErrorKind::WriteFailed { file, reason }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_neither_target_nor_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("worklist.xlsx");
        let err = write_file(&target, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        })
        .unwrap_err();
        assert!(err.to_string().contains("磁盘已满"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_killed_runs_temporary_file_is_removed_and_ours_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("gaps.csv");
        let left = dir.path().join(".gaps.csv.99999.tmp");
        std::fs::write(&left, "11010519491231002X").unwrap();
        let other = dir.path().join(".other.csv.1.tmp");
        std::fs::write(&other, "not ours").unwrap();
        write_file(&target, |w| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let tmp = dir
                    .path()
                    .join(format!(".gaps.csv.{}.tmp", std::process::id()));
                assert_eq!(
                    std::fs::metadata(tmp)?.permissions().mode() & 0o077,
                    0,
                    "readable by others"
                );
            }
            w.write_all(b"x")
        })
        .unwrap();
        assert!(!left.exists() && other.exists());
    }

    #[test]
    fn a_successful_write_replaces_the_target_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("gaps.csv");
        std::fs::write(&target, "old").unwrap();
        write_bytes(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
