//! A synthetic records repository of any size, for benchmarks: N valid
//! records in the FORMAT.md layout, spread over sections, kinds and years,
//! with Chinese Markdown bodies of about 2 KB (lists and a table). The same
//! N always gives the same files. Optionally the same bodies as a minimal
//! Hugo site, so both tools render identical Markdown.
//!
//! Shared by the `gen_corpus` example, the stage benches and the mutation
//! test (`#[path]` modules); each uses part of it.

// Shared by the benchmarks and the corpus example.
#![allow(unreachable_pub)]
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

pub const SECTIONS: usize = 20;

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PHRASES: &[&str] = &[
    "认真贯彻落实党风廉政建设责任制",
    "坚持党支部统一领导、各科室各负其责",
    "把党风廉政建设与业务工作一起部署、一起落实",
    "结合岗位实际查找廉政风险点",
    "严格执行公务接待和公务用车管理规定",
    "开展批评和自我批评，针对存在问题进行整改",
    "督促各项任务和规章制度的落实",
    "认真处理人民群众的来信来访",
    "管好身边工作人员，带好队伍",
    "对苗头性、倾向性问题早发现、早提醒、早纠正",
    "把考核结果作为业绩评定和奖励惩处的重要依据",
    "做到年初有布置、年中有检查、年底有总结",
];

const NAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];

fn body(rng: &mut Rng, title: &str) -> String {
    let mut s = String::with_capacity(2300);
    let _ = writeln!(s, "{title}。会议由科长主持，全体人员参加。\n");
    s.push_str("## 主要内容\n\n");
    for i in 1..=6 {
        let _ = writeln!(s, "{i}. {}，{}；", rng.pick(PHRASES), rng.pick(PHRASES));
    }
    s.push_str("\n## 落实情况\n\n| 事项 | 责任人 | 完成情况 |\n|---|---|---|\n");
    for _ in 0..5 {
        let _ = writeln!(s, "| {} | {}某 | 已完成 |", rng.pick(PHRASES), rng.pick(NAMES));
    }
    s.push('\n');
    while s.len() < 2000 {
        let _ = write!(s, "{}，{}。", rng.pick(PHRASES), rng.pick(PHRASES));
    }
    s.push('\n');
    s
}

pub fn org() -> String {
    let mut s = String::from(
        "[unit]\nname = \"基准测试市人民政府办公室\"\nshort_name = \"基准办\"\ndiscipline_body = \"基准市纪委\"\nparty_branch = \"基准办党支部\"\n\n",
    );
    for i in 0..SECTIONS {
        let _ = writeln!(s, "[[section]]\nid = \"s{i:02}\"\nname = \"第{}科\"\n", i + 1);
    }
    s.push_str("[[person]]\nid = \"dir\"\nname = \"主任\"\nroles = [\"director\"]\n\n");
    for d in 0..4 {
        let oversees: Vec<String> = (0..SECTIONS)
            .filter(|i| i % 4 == d)
            .map(|i| format!("\"s{i:02}\""))
            .collect();
        let _ = writeln!(
            s,
            "[[person]]\nid = \"dep{d}\"\nname = \"副主任{d}\"\nroles = [\"deputy_director\"]\noversees = [{}]\n",
            oversees.join(", ")
        );
    }
    for i in 0..SECTIONS {
        let _ = writeln!(
            s,
            "[[person]]\nid = \"c{i:02}\"\nname = \"科长{i:02}\"\nroles = [\"section_chief\"]\nsection = \"s{i:02}\"\n"
        );
        let _ = writeln!(
            s,
            "[[person]]\nid = \"st{i:02}\"\nname = \"科员{i:02}\"\nroles = [\"staff\"]\nsection = \"s{i:02}\"\n"
        );
    }
    s
}

/// The kinds a synthetic record cycles through, with their extra keys.
fn extra(kind: &str, year: i32, month: u32, day: u32, sec: usize, n: usize) -> String {
    let chief = format!("c{sec:02}");
    match kind {
        "finding" => format!(
            "deadline = {year}-{:02}-28\nstatus = \"rectified\"\nrectified_on = {year}-{:02}-{day:02}\nresult_reported_on = {year}-{:02}-28\nowner = \"{chief}\"\n",
            month.min(11) + 1,
            month.min(11) + 1,
            month.min(11) + 1
        ),
        "petition" => format!(
            "status = \"closed\"\nclosed_on = {year}-{:02}-{day:02}\nhandler = \"st{sec:02}\"\npetitioner = \"{}某某\"\n",
            month.min(11) + 1,
            NAMES[n % NAMES.len()]
        ),
        "talk" => format!("person = \"st{sec:02}\"\nby = \"{chief}\"\n"),
        "inspection" => format!("inspectors = [\"{chief}\"]\n"),
        "education" => "participants_count = 12\n".to_string(),
        _ => String::new(),
    }
}

const KINDS: &[(&str, &str)] = &[
    ("life_meeting", "廉洁自律专题民主生活会"),
    ("education", "廉政教育学习"),
    ("inspection", "党风廉政建设自查"),
    ("finding", "检查发现问题整改"),
    ("petition", "群众来信办理"),
    ("talk", "谈话提醒"),
    ("regulation", "内部管理制度修订"),
    ("other", "配合上级调研"),
];

/// Writes N records into `dir` (a records folder), and the same bodies as
/// a Hugo site into `hugo` when given.
pub fn generate(n: usize, dir: &Path, hugo: Option<&Path>) -> io::Result<()> {
    let years = (n / 2000).clamp(1, 10);
    fs::create_dir_all(dir)?;
    fs::write(dir.join("org.toml"), org())?;
    if let Some(h) = hugo {
        fs::create_dir_all(h.join("content/posts"))?;
        fs::create_dir_all(h.join("layouts/_default"))?;
        fs::write(
            h.join("config.toml"),
            "baseURL = \"/\"\ntitle = \"bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
        )?;
        fs::write(
            h.join("layouts/_default/single.html"),
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}</body></html>\n",
        )?;
        fs::write(
            h.join("layouts/_default/list.html"),
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
        )?;
    }
    let mut rng = Rng(0x2026_1126_0000_0001 ^ n as u64);
    for i in 0..n {
        let year = 2026 - (i % years) as i32;
        let sec = (i / years) % SECTIONS;
        let (kind, what) = KINDS[(i / (years * SECTIONS)) % KINDS.len()];
        let day_of_year = (i * 7919) % 334; // Jan 1 .. Nov 30
        let month = (day_of_year / 28) as u32 + 1;
        let day = (day_of_year % 28) as u32 + 1;
        let title = format!("第{}科{year}年{month}月{what}（{i}）", sec + 1);
        let text = body(&mut rng, &title);
        let front = format!(
            "kind = \"{kind}\"\ntitle = \"{title}\"\ndate = {year}-{month:02}-{day:02}\nchair = \"c{sec:02}\"\nattendees = [\"c{sec:02}\", \"st{sec:02}\"]\n{}",
            extra(kind, year, month, day, sec, i)
        );
        let folder = dir.join(format!("{year}/s{sec:02}"));
        fs::create_dir_all(&folder)?;
        fs::write(
            folder.join(format!("{year}-{month:02}-{day:02}-{i:06}.md")),
            format!("+++\n{front}+++\n\n{text}"),
        )?;
        if let Some(h) = hugo {
            let post = format!("+++\ntitle = \"{title}\"\ndate = {year}-{month:02}-{day:02}\n+++\n\n{text}");
            fs::write(h.join(format!("content/posts/{year}-{i:06}.md")), post)?;
        }
    }
    Ok(())
}
