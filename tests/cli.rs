//! The `warroom` binary as an operator uses it: help, the console over pipes (and killed with
//! SIGKILL), export with chain verification, and the demo.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn warroom() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_warroom"));
    c.env_remove("WARROOM_DATABASE_URL")
        .env_remove("WARROOM_CONFIG")
        .env("RUST_LOG", "error");
    c
}

/// What `command` printed, once it has exited successfully (its stderr otherwise).
fn succeeded(command: &mut Command) -> std::process::Output {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `warroom ARGS demo --out DIR` into a fresh DIR, once it has exited successfully.
fn demo(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    succeeded(warroom().args(args).args(["demo", "--out"]).arg(dir.path()));
    dir
}

/// `warroom console ARGS`, fed `input` on stdin, once it has exited.
fn console(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = warroom()
        .arg("console")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        vec!["--help"],
        vec!["console", "--help"],
        vec!["demo", "--help"],
        vec!["export", "--help"],
        vec!["migrate", "--help"],
    ] {
        let out = warroom().args(&sub).output().unwrap();
        assert!(out.status.success(), "{sub:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: warroom"), "{sub:?}: {text}");
    }
    let out = warroom().args(["export", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("--incident <INCIDENT>"));
}

#[test]
fn a_console_killed_right_after_a_reply_keeps_that_entry() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let mut child = warroom()
        .args([
            "console",
            "--database-url",
            &url,
            "--as",
            "alice",
            "--channel",
            "ops",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(
        stdin,
        r#"/incident open title:"Payment failures" severity:sev1 services:payment-service"#
    )
    .unwrap();
    writeln!(stdin, r#"/note text:"exit 137 everywhere" tag:cause"#).unwrap();
    stdin.flush().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("Noted on incident #1") {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "console ended early: {seen}"
        );
        seen.push_str(&line);
    }
    child.kill().unwrap(); // SIGKILL: no shutdown code runs
    child.wait().unwrap();
    let export = succeeded(warroom().args([
        "export",
        "--database-url",
        &url,
        "--incident",
        "1",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let kinds: Vec<&str> = json["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["incident.open", "note"]);
    assert_eq!(
        json["timeline"][1]["summary"],
        "[cause] exit 137 everywhere"
    );
    assert_eq!(json["timeline"][1]["actor"], "alice");
}

#[test]
fn export_reports_where_the_chain_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let url = format!("sqlite://{}", db.display());
    let opened = console(
        &["--database-url", &url],
        b"/incident open title:x severity:sev2 services:api\n/note text:one\n/note text:two\n",
    );
    assert!(opened.status.success());
    let ok = warroom()
        .args(["export", "--database-url", &url, "--incident", "1"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("hash chain verified over 3 entries"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query("UPDATE timeline_entries SET actor = 'mallory' WHERE seq = 2")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let broken = warroom()
        .args(["export", "--database-url", &url, "--incident", "1"])
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(2));
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(
        err.contains("incident #1") && err.contains("timeline entry #2") && err.contains("altered"),
        "{err}"
    );
    // The metrics across incidents are not computed from an altered record either.
    let report = warroom()
        .args(["report", "--database-url", &url])
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(2));
    let err = String::from_utf8_lossy(&report.stderr);
    assert!(
        err.contains("warroom report: incident #1") && err.contains("altered"),
        "{err}"
    );
    let missing = warroom()
        .args(["export", "--database-url", &url, "--incident", "7"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("incident 7 does not exist"));
}

#[test]
fn a_console_run_that_grew_the_write_ahead_log_past_1_mib_checkpoints_it_at_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let url = format!("sqlite://{}", db.display());
    let text = "x".repeat(300);
    let mut lines = b"/incident open title:x severity:sev2 services:api\n".to_vec();
    for _ in 0..120 {
        lines.extend(format!("/note text:{text}\n").as_bytes());
    }
    assert!(console(&["--database-url", &url], &lines).status.success());
    let wal = std::fs::metadata(dir.path().join("w.db-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the log was left at {wal} bytes");
    let text = exported(&url);
    assert!(
        text.contains("hash chain verified over 121 entries"),
        "{text}"
    );
}

/// `warroom export` of incident 1 in the database at `url`: its Markdown.
fn exported(url: &str) -> String {
    let out = warroom()
        .args(["export", "--database-url", url, "--incident", "1"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn console_runs_keep_the_write_ahead_log_and_lose_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let url = format!("sqlite://{}", db.display());
    let run = |lines: &[u8]| {
        assert!(console(&["--database-url", &url], lines).status.success());
    };
    run(b"/incident open title:x severity:sev2 services:api\n/note text:one\n");
    // No checkpoint at exit: the log stays for the next run (which then syncs no new file).
    assert!(dir.path().join("w.db-wal").exists());
    run(b"/note text:two\n");
    let text = exported(&url);
    assert!(
        text.contains("hash chain verified over 3 entries"),
        "{text}"
    );
    assert!(text.contains("one") && text.contains("two"), "{text}");
}

#[test]
fn the_chinese_demo_narrates_in_chinese_and_the_team_types_chinese() {
    let dir = demo(&["--locale", "zh-CN"]);
    let transcript = std::fs::read_to_string(dir.path().join("transcript.md")).unwrap();
    assert!(
        transcript.starts_with(
            "# warroom 演示：还原案例中的故障\n\n**2026-11-26 18:15 UTC** · Alertmanager → \
             `POST /alerts/alertmanager`（案例中的告警）\n\n"
        ),
        "{transcript}"
    );
    for said in [
        "** · alice 点击卡片上的 **发起故障通告**：表单已按告警预填",
        "** · warroom（进展提醒）\n\n",
        "** · warroom（恢复跟踪）\n\n",
        "** · alice 点击了 **标记为已缓解**\n\n",
        "](pods.png)",
        "/note text:\"存储容量监控未覆盖 OSD 级指标\" tag:deeper-cause",
        "/action add owner:\"存储团队\" due:2026-12-01 text:\"部署 Ceph OSD 健康监控\"",
    ] {
        assert!(transcript.contains(said), "{said:?} not in {transcript}");
    }
    // Every narration line (who did what, when) and every picture's caption is Chinese.
    let narration: Vec<&str> = transcript
        .lines()
        .filter(|l| l.starts_with("**2026-") || l.starts_with("![") || l.starts_with("# "))
        .collect();
    assert!(narration.len() > 20, "{narration:#?}");
    for line in narration {
        assert_eq!(
            warroom::i18n::english_runs(line),
            Vec::<String>::new(),
            "{line}"
        );
    }
    let pm = std::fs::read_to_string(dir.path().join("postmortem.md")).unwrap();
    for said in [
        "部署 Ceph OSD 健康监控",
        "PVC 自动扩容策略未启用",
        "存储团队",
    ] {
        assert!(pm.contains(said), "{said:?} not in {pm}");
    }
    // Every evidence title, under a triage's findings and on the postmortem's timeline, is
    // Chinese; the command after it stays as typed.
    for (name, text) in [("transcript", &transcript), ("postmortem", &pm)] {
        let titles: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("- 证据："))
            .map(|l| l.split(" — `").next().unwrap_or(l))
            .collect();
        assert!(titles.len() > 50, "{name}: {titles:#?}");
        for title in titles {
            assert_eq!(
                warroom::i18n::english_runs(title),
                Vec::<String>::new(),
                "{name}: {title}"
            );
        }
    }
    for said in [
        "- 证据：payment-service-7d9c8b6f5d-22mfr 的上一次状态 — `kubectl describe pod",
        "- 证据：Deployment payment-service 的状态 — `kubectl describe deployment",
        "- 证据：payment-service 的 liveness 探针失败记录 — `kubectl get events",
        "- 证据：payment-service 的 rollout 历史 — `kubectl rollout history",
        "- 证据：payment-service-7d9c8b6f5d-22mfr（payment）的上一个实例日志 — `kubectl logs",
        "- 证据：FailedMount 事件 — `kubectl get events",
    ] {
        assert!(transcript.contains(said), "{said:?} not in {transcript}");
        assert!(pm.contains(said), "{said:?} not in {pm}");
    }
    // The channel's record is Chinese too: every timeline entry's line.
    let entries: Vec<&str> = pm.lines().filter(|l| l.starts_with("- **2026-")).collect();
    assert!(entries.len() > 25, "{entries:#?}");
    for line in entries {
        assert_eq!(
            warroom::i18n::english_runs(line),
            Vec::<String>::new(),
            "{line}"
        );
    }
}

#[test]
fn the_demo_writes_a_transcript_and_the_postmortem() {
    let dir = demo(&[]);
    let pm = std::fs::read_to_string(dir.path().join("postmortem.md")).unwrap();
    assert!(
        pm.contains("| Impact window | 18:14–20:01 UTC (1 h 47 min) |"),
        "{pm}"
    );
    assert!(
        pm.contains(
            "## Detection\n\n- Alertmanager alert **PaymentServiceAvailability** fired at \
             2026-11-26 18:14 UTC (payment-service availability 83.5% (SLO 99.99%)); warroom \
             posted its card at 2026-11-26 18:15 UTC.\n- Declared from the alert 5 min after \
             it fired, at 2026-11-26 18:19 UTC, by alice.\n"
        ),
        "the demo declares from the seed's alert: {pm}"
    );
    assert!(
        pm.contains(
            "| Time to detect | 1 min | 2026-11-26 18:15 UTC (alert PaymentServiceAvailability) |\n\
             | Time to declare | 5 min | 2026-11-26 18:19 UTC |\n\
             | Time to announce | 5 min | 2026-11-26 18:19 UTC |\n\
             | Time to first triage | 1 min | 2026-11-26 18:15 UTC |\n\
             | Time to mitigate | 1 h 29 min | 2026-11-26 19:43 UTC |\n\
             | Time to resolve | 1 h 47 min | 2026-11-26 20:01 UTC |\n\n\
             - Status updates: 1 due, 0 posted on time, 1 late (the latest by 1 min).\n"
        ),
        "the postmortem's Metrics section: {pm}"
    );
    let transcript = std::fs::read_to_string(dir.path().join("transcript.md")).unwrap();
    // The watch follows payment-service's recovery and offers Mark mitigated, which alice
    // presses at 19:43: the milestone the metrics above measure.
    for post in [
        "**2026-11-26 19:30 UTC** · warroom (watch)\n\n👀 **payment-service**: failing 15 → 7 of \
         15 (8 ready).",
        "**2026-11-26 19:31 UTC** · warroom (watch)\n\n👀 **payment-service**: no pod failing \
         (15/15 ready; was 7 failing).",
        "**2026-11-26 19:41 UTC** · warroom (watch)\n\n✅ **payment-service healthy for 10 min** \
         (15/15 ready, no restarts). Mark the incident mitigated?",
        "**2026-11-26 19:43 UTC** · alice pressed **Mark mitigated**\n\n✅ Incident #1 mitigated \
         at 2026-11-26 19:43 UTC.",
    ] {
        assert!(transcript.contains(post), "{post}\n{transcript}");
    }
    assert!(
        transcript.starts_with(
            "# warroom demo: the seed incident\n\n**2026-11-26 18:15 UTC** · Alertmanager → \
             `POST /alerts/alertmanager` (the seed's alert)\n\n**🔥 FIRING · \
             PaymentServiceAvailability**"
        ),
        "{transcript}"
    );
    assert!(
        transcript.contains("\nMost likely: Heap exhaustion"),
        "the alert card carries the triage"
    );
    assert!(
        transcript.contains("Status update due"),
        "the hourly reminder shows in the transcript"
    );
    assert!(transcript.contains("Progress update"));
    let pods = std::fs::read(dir.path().join("pods.png")).unwrap();
    assert_eq!(png_size(&pods), (1000, 500), "the seed's pods.png");
    let at = |needle: &str| {
        transcript
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {transcript}"))
    };
    let overview = at("```text\n/triage overview namespace:production\n```");
    let picture = at("![failing pods (attached as pods.png)](pods.png)");
    let next = at("```text\n/triage service:payment-service namespace:production\n```");
    assert!(
        overview < picture && picture < next,
        "the first triage after the announcement shows the picture"
    );
    for also in ["pods-alert.png", "pods-payment-service.png"] {
        assert!(dir.path().join(also).exists(), "{also}");
    }
    let chart = std::fs::read(dir.path().join("timeline.png")).unwrap();
    assert_eq!(png_size(&chart), (1000, 500), "the seed's timeline.png");
    assert_ne!(chart, pods, "the chart is not written over pods.png");
    let postmortem = at("```text\n/postmortem\n```");
    let shown = at("![the incident's course (attached as timeline.png)](timeline.png)");
    assert!(postmortem < shown, "the postmortem's reply shows the chart");
}

#[test]
fn export_writes_the_incidents_chart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let opened = console(
        &["--database-url", &url],
        b"/incident open title:x severity:sev2 services:api\n/incident mitigated\n",
    );
    assert!(opened.status.success());
    let chart = dir.path().join("chart.png");
    let report = dir.path().join("pm.md");
    succeeded(
        warroom()
            .args([
                "export",
                "--database-url",
                &url,
                "--incident",
                "1",
                "--chart",
            ])
            .arg(&chart)
            .arg("--out")
            .arg(&report),
    );
    assert_eq!(png_size(&std::fs::read(&chart).unwrap()), (1000, 500));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("# Postmortem — x"), "{text}");
}

/// The width and height of a PNG.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    (reader.info().width, reader.info().height)
}

#[test]
fn the_console_writes_a_triages_picture_and_prints_where() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let pictures = dir.path().join("pictures");
    let out = console(
        &["--database-url", &url, "--out", pictures.to_str().unwrap()],
        b"/triage overview namespace:production\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let written = pictures.join("pods.png");
    assert!(
        text.contains(&format!("📎 pods.png: {}", written.display())),
        "{text}"
    );
    assert_eq!(png_size(&std::fs::read(&written).unwrap()), (1000, 500));
}

#[test]
fn the_built_in_demo_cluster_is_a_live_incident_whenever_it_is_triaged() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let out = console(
        &[
            "--database-url",
            &url,
            "--out",
            dir.path().to_str().unwrap(),
        ],
        b"/triage service:payment-service namespace:production\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The seed was recorded on 2026-11-26; served as of now, its crashes are minutes old.
    assert!(
        text.contains("15 payment-service pods OOMKilled (exit 137) under a 2Gi memory limit"),
        "{text}"
    );
    assert!(text.contains(" min before the snapshot"), "{text}");
    assert!(!text.contains("days before the snapshot"), "{text}");
}

#[test]
fn a_chinese_console_answers_mistakes_drafts_and_alerts_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let alert = format!(
        "{}/tests/fixtures/alerts/firing.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let lines = format!(
        "/incident open title:磁盘写满 severity:sev9 services:api\n\
         /incident open title:磁盘写满 severity:sev2 services:payment-service\n\
         /status update\n\
         /alert file:{alert}\n\
         /logs pod:nope namespace:production\n\
         /logs pod:payment-service-7d9c8b6f5d-22mfr namespace:production cluster:staging\n"
    );
    let out = console(
        &["--locale", "zh-CN", "--database-url", &url],
        lines.as_bytes(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for said in [
        "⚠️ 选项 severity: 应为 sev1、sev2、sev3 或 sev4，实际是 \"sev9\"",
        "用法：/incident open",
        "【故障通告 - ",
        "📝 自故障通告（",
        "以来没有新的记录：请用 `/status update state:… done:… next:… risks:…` 撰写故障处理进展。",
        "**🔥 告警中 · PaymentServiceAvailability**",
        "- **级别**: critical",
        "- **告警**: 共 1 条，1 条告警中",
        "⚠️ 命名空间 production 中没有 Pod「nope」：请检查名称（Pod 重建后名称会变）和命名空间；\
         /triage 会列出工作负载当前的 Pod",
        "⚠️ 未知集群「staging」：已配置的集群有 demo",
    ] {
        assert!(text.contains(said), "{said:?} not in:\n{text}");
    }
    for english in [
        "usage:",
        "expected sev1",
        "Nothing was recorded",
        "FIRING",
        "Severity",
        "not found",
        "unknown cluster",
    ] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
}

#[test]
fn templates_can_be_replaced_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("announcement.md.tera"),
        "CUSTOM {{ severity | upper }} #{{ id }}: {{ title }} ({% for s in services %}{{ s }}{% endfor %})\n",
    )
    .unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let out = console(
        &["--database-url", &url, "--templates", dir.path().to_str().unwrap()],
        b"/incident open title:\"Disk *full*\" severity:sev2 services:api\n/status update state:x\n",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CUSTOM SEV2 #1: Disk \\*full\\* (api)"),
        "{text}"
    );
    assert!(
        text.contains("Progress update"),
        "templates not in the folder stay built in: {text}"
    );
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("reminder.md.tera"), "{% if %}").unwrap();
    let out = warroom()
        .args(["console", "--database-url", &url, "--templates"])
        .arg(broken.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("template"),
        "a broken template is reported at start"
    );
}
