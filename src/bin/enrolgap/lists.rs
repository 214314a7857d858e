//! The CLI's words for lists over time: the `import` command and what it replaced, and
//! the `lists`, `retire`, `restore-list`, `set-list-date` and `purge` commands.

use std::process::ExitCode;

use enrolgap::import::files::OnError;
use enrolgap::lists::{self, ListDate, ListVersion, ReplaceMode, VersionStatus};
use enrolgap::{ImportOptions, ImportSummary, ListKind, NoProgress};
use rusqlite::Connection;

use crate::args::ImportArgs;

/// `enrolgap import`: each file its own batch, so one bad file does not hold back the
/// good ones; the next file is read while the one before is stored (import::files).
/// Fails when any file failed, after trying them all.
pub fn import(conn: &mut Connection, args: ImportArgs) -> enrolgap::Result<ExitCode> {
    let ImportArgs {
        files,
        kind,
        replace,
        adds,
        replaces,
        year,
        list_date,
        dry_run,
        mapping,
    } = args;
    let replace_mode = match (adds, replaces.is_empty()) {
        (true, _) => ReplaceMode::Adds,
        (false, false) => ReplaceMode::Replaces(replaces),
        (false, true) => ReplaceMode::ByScope,
    };
    let options = ImportOptions {
        kind,
        replace,
        mapping,
        replace_mode,
        year,
        list_date,
        dry_run,
    };
    let mut failed = false;
    let results = enrolgap::import_files(
        conn,
        &files,
        std::slice::from_ref(&options),
        OnError::Continue,
        &NoProgress,
    );
    for result in results {
        match result {
            Ok(s) => print_import(&s),
            Err(e) => {
                eprintln!("enrolgap: {e}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One line for the import, then one per version it replaced (or what it added).
pub fn print_import(s: &ImportSummary) {
    let head = if s.dry_run {
        "预览（未导入）"
    } else {
        "已导入"
    };
    let batch = if s.dry_run {
        String::new()
    } else {
        format!("，批次 {}", s.batch_id)
    };
    println!(
        "{head} {}：{} {} 行（{} 行有问题）{batch}；名单日期 {}（取自{}），范围 {}",
        s.file,
        s.kind.chinese_name(),
        s.rows_imported,
        s.rows_with_problems,
        s.list_date_label,
        s.list_date_source.chinese_name(),
        s.settled.scope.describe(),
    );
    for r in &s.settled.replacements {
        let date = r
            .list_date
            .as_deref()
            .and_then(ListDate::from_stored)
            .map_or_else(String::new, ListDate::chinese);
        let what = if r.whole {
            String::new()
        } else {
            format!("中{}的部分", r.parts.join("、"))
        };
        println!(
            "  替换 {date} {}（批次 {}{what}，{} 行）→ 本次 {} 行：减少 {} 人，新增 {} 人",
            s.kind.chinese_name(),
            r.batch_id,
            r.rows_replaced,
            s.rows_imported,
            r.people_left,
            r.people_joined,
        );
    }
    if let Some(e) = s.settled.events {
        println!(
            "  新增 {} 条记录；{} 条已在使用中的名单里，按同一条计",
            e.new_events, e.known_events
        );
    }
    if let Some(newer) = s.settled.older_than {
        println!(
            "  本名单（{}）早于使用中的批次 {newer}，已作为历史版本保存，不参与比对；如需改用本名单：enrolgap restore-list {}",
            s.list_date_label, s.batch_id
        );
    }
    if s.settled.replacements.is_empty()
        && s.settled.events.is_none()
        && s.settled.older_than.is_none()
    {
        println!("  未替换任何名单：与使用中的{}并用", s.kind.chinese_name());
    }
}

/// `enrolgap lists`: per kind, the versions in force, then the superseded and retired.
pub fn print_versions(conn: &Connection, kind: Option<ListKind>) -> enrolgap::Result<ExitCode> {
    let versions = lists::versions::versions(conn)?;
    for k in ListKind::ALL
        .into_iter()
        .filter(|k| kind.is_none_or(|want| want == *k))
    {
        let of_kind: Vec<&ListVersion> = versions.iter().filter(|v| v.kind == k).collect();
        if of_kind.is_empty() {
            continue;
        }
        println!("{}", k.chinese_name());
        for status in VersionStatus::ALL {
            for v in of_kind.iter().filter(|v| v.status == status) {
                print_version(v);
            }
        }
    }
    if versions.is_empty() {
        println!("还没有导入任何名单；enrolgap import 文件…");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_version(v: &ListVersion) {
    let mut state = v.status.chinese_name().to_string();
    if let Some(by) = v.superseded_by {
        state.push_str(&format!("（被批次 {by} 替换）"));
    }
    if v.status == VersionStatus::InForce && !v.parts_replaced.is_empty() {
        state.push_str(&format!(
            "（{}已被新版本替换）",
            v.parts_replaced.join("、")
        ));
    }
    let source = v
        .source_unit
        .as_deref()
        .map(|u| format!("，来源 {u}"))
        .unwrap_or_default();
    println!(
        "  批次 {}\t{}\t{}\t{} 行\t范围 {}{source}\t{}",
        v.batch_id, v.list_date_label, state, v.rows, v.scope_label, v.file
    );
    for r in &v.replaced {
        let part = if r.whole {
            String::new()
        } else {
            format!("中{}", r.parts.join("、"))
        };
        println!(
            "      替换了批次 {}{part}（{}，{} 行）：减少 {} 人，新增 {} 人",
            r.batch_id, r.file, r.rows_replaced, r.people_left, r.people_joined
        );
    }
}

pub fn retire(conn: &mut Connection, batch: i64) -> enrolgap::Result<ExitCode> {
    lists::versions::retire(conn, batch)?;
    println!("批次 {batch} 已停用，下次分析起不再使用；恢复：enrolgap restore-list {batch}");
    Ok(ExitCode::SUCCESS)
}

pub fn restore(conn: &mut Connection, batch: i64) -> enrolgap::Result<ExitCode> {
    let beside = lists::versions::restore(conn, batch)?;
    println!("批次 {batch} 已恢复使用，下次分析起生效");
    if !beside.is_empty() {
        let ids: Vec<String> = beside.iter().map(i64::to_string).collect();
        println!(
            "注意：同类名单批次 {} 也在使用中；如只应使用其中一份，请 enrolgap retire 另一份",
            ids.join("、")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn set_date(conn: &mut Connection, batch: i64, date: &str) -> enrolgap::Result<ExitCode> {
    let date = lists::versions::set_list_date(conn, batch, date)?;
    println!("批次 {batch} 的名单日期已改为 {}", date.chinese());
    Ok(ExitCode::SUCCESS)
}

pub fn purge(conn: &mut Connection, before: &str) -> enrolgap::Result<ExitCode> {
    let (versions, rows) = lists::versions::purge(conn, before)?;
    println!("已清除 {versions} 个历史版本（{rows} 行）；已记入审计日志");
    Ok(ExitCode::SUCCESS)
}
