//! What is wrong with a line of TOML that does not parse, in the words a
//! clerk understands (found by [`crate::load::syntax`]).

/// What is wrong with a line of TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    /// Text in full-width quotes (“…”, ‘…’, 「…」, 『…』) instead of `"…"`.
    FullWidthQuotes(String),
    /// `key：value`.
    FullWidthColon,
    /// `key: value`, as in YAML.
    Colon,
    /// `key ＝ value`.
    FullWidthEquals,
    /// `["a"，"b"]`.
    FullWidthComma,
    /// `["a"、"b"]`.
    EnumerationComma,
    /// `【"a"】` or `［"a"］`.
    FullWidthBrackets(String),
    /// A full-width space (U+3000) outside the text.
    FullWidthSpace,
    /// Full-width digits (２０２６).
    FullWidthDigits,
    /// `["a" "b"]`.
    MissingComma,
    /// Punctuation after the value (`"…"，` or `"…"。`).
    Stray(char),
    /// `2026年6月18日`, to be written as the date given.
    ChineseDate(String),
    /// `2026/6/18`, `2026.6.18` or `2026-6-18`, to be written as the date
    /// given.
    DateForm(String),
    /// Text without quotes.
    Unquoted,
    /// A key in Chinese, and the key meant, if one is known by that label.
    ChineseKey {
        /// The key as typed.
        key: String,
        /// The key whose Chinese label it is, or the closest.
        suggestion: Option<String>,
    },
    /// `"…` with no closing quote.
    UnclosedString,
    /// `[…` with no closing bracket.
    UnclosedArray,
    /// `key "value"`.
    MissingEquals,
    /// `key =` and nothing after it.
    MissingValue,
    /// The same key twice in one table.
    DuplicateKey(String),
    /// Anything else: the line is not `key = value`.
    Other,
}

impl Mistake {
    /// The sentence in Chinese: names the character or form typed.
    pub fn zh(&self) -> String {
        use Mistake::*;
        match self {
            FullWidthQuotes(found) => {
                format!("文字用了全角引号{found}，要用半角双引号 \"…\" 括起来（切换到英文输入法再输入引号）")
            }
            FullWidthColon => "键和值之间用了全角冒号“：”，要用半角等号 =".into(),
            Colon => "键和值之间用了冒号“:”，要用等号 =".into(),
            FullWidthEquals => "键和值之间用了全角等号“＝”，要用半角等号 =".into(),
            FullWidthComma => "列表的元素之间用了全角逗号“，”，要用半角逗号 ,".into(),
            EnumerationComma => "列表的元素之间用了顿号“、”，要用半角逗号 ,".into(),
            FullWidthBrackets(found) => format!("列表用了全角括号{found}，要用半角方括号 [ ]"),
            FullWidthSpace => "这一行有全角空格，要改成半角空格或删去".into(),
            FullWidthDigits => "用了全角数字（如“２０２６”），要用半角数字".into(),
            MissingComma => "列表的元素之间缺少半角逗号 ,".into(),
            Stray(c) => format!("值的后面多了“{c}”，要删去"),
            ChineseDate(date) => format!("日期要写作 {date} 这样的形式（年-月-日），不能写成中文日期"),
            DateForm(date) => format!("日期要写作 {date} 这样的形式：年-月-日，用短横线分隔，月和日都用两位数"),
            Unquoted => "文字没有用半角双引号 \"…\" 括起来".into(),
            ChineseKey { key, .. } => format!("键名“{key}”要用英文写"),
            UnclosedString => "文字缺少结尾的半角双引号 \"".into(),
            UnclosedArray => "列表缺少结尾的半角方括号 ]".into(),
            MissingEquals => "键和值之间缺少等号 =".into(),
            MissingValue => "等号后面缺少值".into(),
            DuplicateKey(key) => format!("键 `{key}` 在这一节中写了两次，只能保留一个"),
            Other => "这一行不符合“键 = 值”的写法".into(),
        }
    }

    /// The sentence in English.
    pub fn en(&self) -> String {
        use Mistake::*;
        match self {
            FullWidthQuotes(found) => format!("text in full-width quotes {found}: use ASCII double quotes \"…\""),
            FullWidthColon => "a full-width colon ： between key and value: use =".into(),
            Colon => "a colon between key and value: use =".into(),
            FullWidthEquals => "a full-width equals sign ＝: use =".into(),
            FullWidthComma => "a full-width comma ， between list elements: use ,".into(),
            EnumerationComma => "an enumeration comma 、 between list elements: use ,".into(),
            FullWidthBrackets(found) => format!("a list in full-width brackets {found}: use [ ]"),
            FullWidthSpace => "a full-width space: use an ASCII space or none".into(),
            FullWidthDigits => "full-width digits: use ASCII digits".into(),
            MissingComma => "no comma between list elements".into(),
            Stray(c) => format!("“{c}” after the value: remove it"),
            ChineseDate(date) => format!("a date in Chinese: write it as {date}"),
            DateForm(date) => format!("write the date as {date} (year-month-day, two-digit month and day)"),
            Unquoted => "text without double quotes".into(),
            ChineseKey { key, .. } => format!("the key “{key}” must be written in English"),
            UnclosedString => "the text lacks its closing double quote".into(),
            UnclosedArray => "the list lacks its closing ]".into(),
            MissingEquals => "no = between key and value".into(),
            MissingValue => "no value after =".into(),
            DuplicateKey(key) => format!("`{key}` is set twice in this table"),
            Other => "this line is not `key = value`".into(),
        }
    }

    /// The key meant, for a Chinese key.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Mistake::ChineseKey { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }
}

/// The problem with a date written in the right form: the month or the
/// day that does not exist (`2026年2月没有30日`). `None` when the date is
/// fine or not in the form `YYYY-MM-DD`.
pub fn impossible_date(value: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = value.trim_matches('"').split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    let digits = |p: &str, n: usize| {
        (p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (digits(y, 4)?, digits(m, 2)?, digits(d, 2)?);
    let real = chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some();
    (!real).then_some((y, m, d))
}
