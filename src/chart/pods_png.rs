//! The failing-pod picture (`pods.png`): one row per node, two panels of stacked bars — the
//! node's failing pods by workload and by reason — with counts, nodes under pressure on a red
//! band, and a legend under each panel. Sized for Discord's inline preview; its words in the
//! renderer's locale.

use plotters::element::PathElement;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::draw::{
    Area, GRID, MUTED, canvas, draw_err, fit, nice_step, rect, style, text, thousands, width_of,
};
use super::pods::{EXIT, LIVENESS_KILL, NOT_READY, OTHERS, PodDistribution, Row, RowKind};
use super::{ALARM, ChartError, INK, OTHERS as OTHERS_COLOUR, PALETTE};
use crate::render::Renderer;

pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 500;

/// The column of node names, left of the first panel.
const LABELS: i32 = 170;
/// The two panels: left edges and width.
const PANEL_X: [i32; 2] = [LABELS, LABELS + PANEL_W + 24];
const PANEL_W: i32 = 390;
/// Where the rows start (below the header and the panel captions); they end above the axis
/// labels and the legends, whose lines take `LEGEND_LINE` each.
const ROWS_TOP: i32 = 78;
const LEGEND_LINE: i32 = 19;
/// From the rows' end to the legend's first line (the axis labels).
const AXIS_H: i32 = 30;
/// Room kept right of the longest bar for its count.
const COUNT_ROOM: i32 = 44;
/// The thickest a bar gets, and the tallest a row (a few nodes should not look like slabs).
const MAX_BAR: i32 = 34;
const MAX_ROW: i32 = 96;
/// Behind the rows of nodes under pressure.
const BAND: RGBColor = RGBColor(0xFB, 0xE3, 0xE6);

/// The picture of `d` as a PNG of `WIDTH` × `HEIGHT`, headed by `title`, in `r`'s locale.
pub fn draw(r: &Renderer, d: &PodDistribution, title: &str) -> Result<Vec<u8>, ChartError> {
    canvas(WIDTH, HEIGHT, |root| {
        header(root, r, d, title)?;
        let layout = Layout::new(d);
        rows(root, r, d, &layout)?;
        for (panel, x) in PANEL_X.into_iter().enumerate() {
            let series = Series::of(d, panel);
            bars(root, d, &layout, &series, x)?;
            legend(root, r, &layout, d.rows.len(), &series, x)?;
        }
        Ok(())
    })
}

/// Where the rows sit and how long a pod is.
struct Layout {
    row_h: i32,
    bar_h: i32,
    /// The count the full bar width stands for; a longer (grouped) bar is cut.
    scale: usize,
    step: usize,
}

impl Layout {
    fn new(d: &PodDistribution) -> Layout {
        let n = d.rows.len().max(1) as i32;
        let legend_lines = d.workloads.len().max(d.reasons.len()).div_ceil(2) as i32;
        let rows_bottom = HEIGHT as i32 - 8 - legend_lines * LEGEND_LINE - AXIS_H;
        let row_h = ((rows_bottom - ROWS_TOP) / n).min(MAX_ROW);
        // The named rows set the scale: the grouped row ("38 other nodes") may be far longer
        // and would squash them all, so it is cut instead (and says so).
        let longest = d
            .rows
            .iter()
            .filter(|r| !matches!(r.kind, RowKind::OtherNodes(_)))
            .map(Row::total)
            .max()
            .unwrap_or(1)
            .max(1);
        let step = nice_step(longest);
        Layout {
            row_h,
            bar_h: (row_h * 2 / 3).clamp(4, MAX_BAR),
            scale: longest.div_ceil(step) * step,
            step,
        }
    }

    fn top(&self, row: usize) -> i32 {
        ROWS_TOP + self.row_h * row as i32
    }

    /// The x of `count` pods in the panel at `x0`.
    fn x(&self, x0: i32, count: usize) -> i32 {
        x0 + ((PANEL_W - COUNT_ROOM) as f64 * count as f64 / self.scale as f64).round() as i32
    }
}

/// The title, what the picture counts, and the key to the red band.
fn header(root: &Area, r: &Renderer, d: &PodDistribution, title: &str) -> Result<(), ChartError> {
    let big = style(20, &INK);
    text(root, &fit(root, title, &big, 700), (16, 10), &big)?;
    let mut said = vec![r.t(
        "chart-pods-failing",
        &[("pods", d.failing.into()), ("nodes", d.nodes.into())],
    )];
    if d.pressured_nodes > 0 {
        let grouped: usize = d
            .rows
            .iter()
            .filter(|row| matches!(row.kind, RowKind::OtherNodes(_)))
            .map(|row| row.pressured)
            .sum();
        let nodes = ("nodes", d.pressured_nodes.into());
        said.push(if grouped > 0 {
            r.t(
                "chart-pods-pressured-grouped",
                &[nodes, ("grouped", grouped.into())],
            )
        } else {
            r.t("chart-pods-pressured", &[nodes])
        });
    }
    if d.rows
        .iter()
        .any(|row| matches!(row.kind, RowKind::OtherNodes(_)))
        || d.workloads.iter().chain(&d.reasons).any(|n| n == OTHERS)
    {
        said.push(r.t("chart-pods-some-grouped", &[]));
    }
    let small = style(13, &MUTED);
    text(
        root,
        &fit(root, &said.join(" · "), &small, 960),
        (16, 36),
        &small,
    )?;
    if d.pressured_nodes > 0 {
        let key = style(13, &ALARM);
        rect(root, (742, 10), (770, 26), BAND)?;
        text(
            root,
            &r.t("chart-pods-pressure-key", &[]),
            (777, 18),
            &key.pos(Pos::new(HPos::Left, VPos::Center)),
        )?;
    }
    let caption = style(14, &INK);
    for (x, key) in PANEL_X
        .into_iter()
        .zip(["chart-pods-by-workload", "chart-pods-by-reason"])
    {
        text(root, &r.t(key, &[]), (x, ROWS_TOP - 20), &caption)?;
    }
    Ok(())
}

/// Each row's band (red under pressure) and its node's name, with the pressure spelled out
/// when the row is tall enough.
fn rows(root: &Area, r: &Renderer, d: &PodDistribution, l: &Layout) -> Result<(), ChartError> {
    for (i, row) in d.rows.iter().enumerate() {
        let top = l.top(i);
        let mid = top + l.row_h / 2;
        let pressured = row.kind == RowKind::Node && row.pressured > 0;
        if pressured {
            rect(
                root,
                (4, top + 1),
                (WIDTH as i32 - 4, top + l.row_h - 1),
                BAND,
            )?;
        }
        let colour = match row.kind {
            RowKind::Node if pressured => ALARM,
            RowKind::Node => INK,
            _ => MUTED,
        };
        let name = style(13, &colour).pos(Pos::new(HPos::Right, VPos::Center));
        let note = match &row.kind {
            RowKind::Node => row.pressure.join(", "),
            RowKind::OtherNodes(_) if row.pressured > 0 => r.t(
                "chart-pods-row-pressured",
                &[("nodes", row.pressured.into())],
            ),
            _ => String::new(),
        };
        let two_lines = !note.is_empty() && l.row_h >= 30;
        let name_y = if two_lines { mid - 7 } else { mid };
        let label = match row.kind {
            RowKind::Node => row.label.clone(),
            RowKind::OtherNodes(n) => r.t("chart-pods-other-nodes", &[("nodes", n.into())]),
            RowKind::Unscheduled => r.t("chart-pods-not-scheduled", &[]),
        };
        let label = fit(root, &label, &name, LABELS - 16);
        text(root, &label, (LABELS - 8, name_y), &name)?;
        if two_lines {
            let small = style(11, &ALARM).pos(Pos::new(HPos::Right, VPos::Center));
            let note = fit(root, &note, &small, LABELS - 16);
            text(root, &note, (LABELS - 8, mid + 8), &small)?;
        }
    }
    Ok(())
}

/// One panel's series: names, colours, and each row's counts.
struct Series {
    /// Whether the series are reasons (else workloads).
    reasons: bool,
    names: Vec<String>,
    totals: Vec<usize>,
    colours: Vec<RGBColor>,
    counts: Vec<Vec<usize>>,
}

impl Series {
    /// Panel 0 splits the rows by workload, panel 1 by reason.
    fn of(d: &PodDistribution, panel: usize) -> Series {
        let (names, totals, counts) = if panel == 0 {
            (
                d.workloads.clone(),
                d.workload_totals(),
                d.rows.iter().map(Row::by_workload).collect(),
            )
        } else {
            (
                d.reasons.clone(),
                d.reason_totals(),
                d.rows.iter().map(Row::by_reason).collect(),
            )
        };
        let colours = names
            .iter()
            .enumerate()
            .map(|(i, n)| match n.as_str() {
                OTHERS => OTHERS_COLOUR,
                _ if panel == 0 => PALETTE[i % PALETTE.len()],
                reason => reason_colour(reason, i),
            })
            .collect();
        Series {
            reasons: panel == 1,
            names,
            totals,
            colours,
            counts,
        }
    }
}

impl Series {
    /// A series' name in the legend: a workload's name as it is; the group of the others and
    /// the reasons that are not Kubernetes' own words ("liveness kill", "exit 1", "not ready")
    /// in `r`'s locale.
    fn shown(&self, r: &Renderer, name: &str) -> String {
        if name == OTHERS {
            return r.t("chart-pods-others", &[]);
        }
        if !self.reasons {
            return name.to_string();
        }
        match name {
            LIVENESS_KILL => r.t("chart-pods-reason-liveness", &[]),
            NOT_READY => r.t("chart-pods-reason-not-ready", &[]),
            _ => match name.strip_prefix(EXIT) {
                Some(code) => r.t("chart-pods-reason-exit", &[("code", code.into())]),
                None => name.to_string(),
            },
        }
    }
}

/// Reasons keep their colour from picture to picture: memory red, probes orange, exits
/// purple, images blue, scheduling grey-green; others by position.
fn reason_colour(reason: &str, i: usize) -> RGBColor {
    match reason {
        "OOMKilled" => RGBColor(0xE1, 0x57, 0x59),
        LIVENESS_KILL => PALETTE[1],
        "ImagePullBackOff" => PALETTE[0],
        "Pending" => PALETTE[4],
        "Evicted" => PALETTE[6],
        r if r.starts_with(EXIT) => PALETTE[3],
        _ => PALETTE[(i + 2) % PALETTE.len()],
    }
}

/// Black or white, whichever reads better on `c`.
fn ink_on(c: RGBColor) -> RGBColor {
    let luma = 0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2);
    if luma > 150.0 { INK } else { WHITE }
}

/// The grid, axis counts and stacked bars of one panel, each bar with its total.
fn bars(
    root: &Area,
    d: &PodDistribution,
    l: &Layout,
    s: &Series,
    x0: i32,
) -> Result<(), ChartError> {
    let bottom = l.top(d.rows.len());
    let axis = style(11, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    for tick in (0..=l.scale).step_by(l.step.max(1)) {
        let x = l.x(x0, tick);
        root.draw(&PathElement::new(
            vec![(x, ROWS_TOP - 2), (x, bottom)],
            GRID.stroke_width(1),
        ))
        .map_err(draw_err)?;
        text(root, &thousands(tick), (x, bottom + 4), &axis)?;
    }
    let end = x0 + PANEL_W - COUNT_ROOM;
    for (i, counts) in s.counts.iter().enumerate() {
        let top = l.top(i) + (l.row_h - l.bar_h) / 2;
        let total: usize = counts.iter().sum();
        // A row longer than the scale (the grouped nodes) fills the panel, its segments in
        // proportion, and is marked as cut.
        let cut = total > l.scale;
        let x = |n: usize| {
            if cut {
                x0 + ((end - x0) as f64 * n as f64 / total as f64).round() as i32
            } else {
                l.x(x0, n)
            }
        };
        // One segment's count would only repeat the total.
        let split = counts.iter().filter(|n| **n > 0).count() > 1;
        let mut at = 0;
        for (n, colour) in counts.iter().zip(&s.colours).filter(|(n, _)| **n > 0) {
            let from = x(at);
            at += n;
            let to = x(at);
            if to > from {
                rect(root, (from, top), (to, top + l.bar_h), *colour)?;
                if split {
                    segment_count(root, *n, (from, to), top + l.bar_h / 2, *colour)?;
                }
            }
        }
        if cut {
            // A break mark: the grouped row is longer than the scale of the named rows.
            for dx in [-14, -9] {
                root.draw(&PathElement::new(
                    vec![(end + dx - 3, top + l.bar_h + 2), (end + dx + 3, top - 2)],
                    WHITE.stroke_width(3),
                ))
                .map_err(draw_err)?;
            }
        }
        let count = style(12, &INK).pos(Pos::new(HPos::Left, VPos::Center));
        let bar_end = x(total);
        text(
            root,
            &thousands(total),
            (bar_end + 4, top + l.bar_h / 2),
            &count,
        )?;
    }
    Ok(())
}

/// A segment's count inside it, when it fits.
fn segment_count(
    root: &Area,
    n: usize,
    (from, to): (i32, i32),
    mid: i32,
    colour: RGBColor,
) -> Result<(), ChartError> {
    let ink = ink_on(colour);
    let inside = style(11, &ink).pos(Pos::new(HPos::Center, VPos::Center));
    let label = thousands(n);
    let wide = width_of(root, &label, &inside);
    if to - from >= wide + 6 {
        text(root, &label, ((from + to) / 2, mid), &inside)?;
    }
    Ok(())
}

/// The panel's key under its axis: a swatch, the name and its count, in two columns.
fn legend(
    root: &Area,
    r: &Renderer,
    l: &Layout,
    rows: usize,
    s: &Series,
    x0: i32,
) -> Result<(), ChartError> {
    let top = l.top(rows) + AXIS_H;
    let col_w = PANEL_W / 2;
    let entry = style(12, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, ((name, total), colour)) in s.names.iter().zip(&s.totals).zip(&s.colours).enumerate() {
        let x = x0 + col_w * (i as i32 % 2);
        let y = top + LEGEND_LINE * (i as i32 / 2);
        rect(root, (x, y), (x + 12, y + 12), *colour)?;
        let label = fit(
            root,
            &r.t(
                "chart-pods-legend",
                &[("name", s.shown(r, name).into()), ("pods", (*total).into())],
            ),
            &entry,
            col_w - 24,
        );
        text(root, &label, (x + 18, y + 6), &entry)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::draw::tests::{assert_title_in_glyphs, decode, keep, renderer};
    use crate::chart::pods::distribution;
    use crate::diagnose::testdata;
    use crate::render::Locale;

    #[test]
    fn the_seed_picture_has_the_preview_size_and_is_drawn() {
        let d = distribution(&testdata::seed());
        let en = renderer(Locale::En);
        let bytes = draw(&en, &d, "Failing pods in production · overview").unwrap();
        keep("seed-pods.png", &bytes);
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let (size, colours) = decode(&bytes);
        assert_eq!(size, (WIDTH, HEIGHT));
        assert!(colours > 20, "only {colours} colours: blank?");
    }

    #[test]
    fn a_chinese_picture_draws_its_title_in_chinese_glyphs() {
        let d = distribution(&testdata::seed());
        let zh = renderer(Locale::ZhCn);
        let title = |subject: &str| {
            let args = [("subject", subject.into()), ("where", "production".into())];
            zh.t("chart-pods-title", &args)
        };
        assert_eq!(title("概览"), "异常 Pod · 概览 · production");
        let bytes = draw(&zh, &d, &title("概览")).unwrap();
        keep("zh-pods.png", &bytes);
        let other = draw(&zh, &d, &title("总览")).unwrap();
        assert_title_in_glyphs(&bytes, &other, (WIDTH, HEIGHT), 300);
    }

    #[test]
    fn the_chinese_picture_names_its_rows_and_reasons_in_chinese() {
        let zh = renderer(Locale::ZhCn);
        let d = distribution(&crate::chart::pods::tests::large());
        let reasons = Series::of(&d, 1);
        let shown: Vec<String> = reasons
            .names
            .iter()
            .map(|n| reasons.shown(&zh, n))
            .collect();
        assert_eq!(
            shown,
            [
                "OOMKilled",
                "ImagePullBackOff",
                "exit code 1",
                "被 liveness 探针杀掉",
                "Pending"
            ]
        );
        let workloads = Series::of(&d, 0);
        assert_eq!(workloads.shown(&zh, OTHERS), "其他");
        assert_eq!(workloads.shown(&zh, "app-0"), "app-0");
        assert_eq!(
            zh.t(
                "chart-pods-failing",
                &[("pods", d.failing.into()), ("nodes", d.nodes.into())]
            ),
            "50 个节点上共有 5,000 个异常 Pod"
        );
        let en = renderer(Locale::En);
        assert_eq!(
            en.t(
                "chart-pods-failing",
                &[("pods", 1usize.into()), ("nodes", 1usize.into())]
            ),
            "1 failing pod on 1 node"
        );
        assert_eq!(reasons.shown(&en, "exit 1"), "exit 1");
    }

    #[test]
    fn ten_thousand_pods_draw_as_readily_as_the_seed() {
        let d = distribution(&crate::chart::pods::tests::large());
        let bytes = draw(&renderer(Locale::En), &d, "Failing pods in shop · overview").unwrap();
        keep("large-pods.png", &bytes);
        let (size, colours) = decode(&bytes);
        assert_eq!(size, (WIDTH, HEIGHT));
        assert!(colours > 20, "only {colours} colours: blank?");
        assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
    }
}
