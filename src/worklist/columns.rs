//! The worklist's columns, shared by the writer and the follow-up reader so that the two
//! can never disagree on a header.

pub const SERIAL: &str = "序号";
pub const NAME: &str = "姓名";
pub const SEX: &str = "性别";
pub const BIRTH: &str = "出生日期";
pub const ID: &str = "身份证号";
pub const GAP: &str = "缺口类型";
pub const REASON: &str = "原因";
pub const LISTS: &str = "来源名单";
pub const TOWNSHIP: &str = "乡镇";
pub const PHONE: &str = "联系电话";
pub const DEADLINE: &str = "截止日期";
pub const PRIORITY: &str = "优先级";
pub const OUTCOME: &str = "跟进结果";
pub const OUTCOME_DATE: &str = "跟进日期";
pub const OFFICER: &str = "跟进人";
pub const NOTE: &str = "备注";
/// The hidden column holding each row's opaque token.
pub const TOKEN: &str = "行令牌（请勿修改）";
