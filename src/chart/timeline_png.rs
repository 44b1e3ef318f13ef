//! The incident's chart (`timeline.png`): failing pods (solid) and ready pods (dashed) per
//! service over a UTC time axis, the impact window shaded, the milestones as labelled vertical
//! lines and the status updates as ticks on the axis, with a legend. Sized for Discord's inline
//! preview, drawn like `pods.png` (embedded fonts, shared palette, in-memory bitmap, words in
//! the renderer's locale).

use chrono::{DateTime, Timelike, Utc};
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon, Rectangle};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::draw::{
    Area, GRID, MUTED, canvas, draw_err, fit, nice_step, rect, style, text, thousands, width_of,
};
use super::timeline::{Course, MilestoneKind, ServiceCourse};
use super::{ALARM, ChartError, HEIGHT, INK, PALETTE, WIDTH};
use crate::render::{Locale, Renderer};

/// The plot's edges; above it the milestones' labels in `LANES` lanes, below it the time
/// labels and the legend.
const LEFT: i32 = 64;
const RIGHT: i32 = WIDTH as i32 - 24;
const TOP: i32 = 108;
const BOTTOM: i32 = 410;
const LANES: usize = 3;
const LANE_H: i32 = 16;
const LEGEND_TOP: i32 = 450;
const LEGEND_LINE: i32 = 22;
/// Samples of one service up to which each sample is also marked with a dot.
const DOTS_UP_TO: usize = 60;
const IMPACT: RGBColor = RGBColor(0xFD, 0xEF, 0xF0);
const RECOVERED: RGBColor = RGBColor(0x2E, 0x7D, 0x32);

/// The chart of `course` as a PNG of `WIDTH` × `HEIGHT`, headed by `title`, in `r`'s locale.
pub fn draw(r: &Renderer, course: &Course, title: &str) -> Result<Vec<u8>, ChartError> {
    canvas(WIDTH, HEIGHT, |root| {
        let axes = Axes::new(course);
        header(root, r, course, title)?;
        let x0 = axes.x(course.impact.0);
        rect(
            root,
            (x0, TOP),
            (axes.x(course.impact.1).max(x0 + 1), BOTTOM),
            IMPACT,
        )?;
        pods_axis(root, r, &axes)?;
        time_axis(root, r.locale(), &axes)?;
        milestones(root, r, course, &axes)?;
        for (i, service) in course.services.iter().enumerate() {
            series(root, service, PALETTE[i % PALETTE.len()], &axes)?;
        }
        updates(root, course, &axes)?;
        legend(root, r, course)?;
        Ok(())
    })
}

/// Where a time and a pod count are on the picture.
struct Axes {
    from: DateTime<Utc>,
    seconds: f64,
    /// The pod count the plot's height stands for, and its grid step (0: no samples).
    scale: i64,
    step: i64,
}

impl Axes {
    fn new(c: &Course) -> Axes {
        let step = nice_step(c.peak.max(1) as usize) as i64;
        Axes {
            from: c.from,
            seconds: ((c.to - c.from).num_milliseconds() as f64 / 1000.0).max(1.0),
            scale: if c.peak > 0 {
                (c.peak + step - 1) / step * step
            } else {
                0
            },
            step,
        }
    }

    fn x(&self, t: DateTime<Utc>) -> i32 {
        let s = (t - self.from).num_milliseconds() as f64 / 1000.0;
        LEFT + ((RIGHT - LEFT) as f64 * s / self.seconds).round() as i32
    }

    fn y(&self, pods: f64) -> i32 {
        BOTTOM - ((BOTTOM - TOP) as f64 * pods / self.scale.max(1) as f64).round() as i32
    }
}

/// The title, and what the chart shows (or that there are no samples yet).
fn header(root: &Area, r: &Renderer, c: &Course, title: &str) -> Result<(), ChartError> {
    let big = style(20, &INK);
    text(
        root,
        &fit(root, title, &big, WIDTH as i32 - 32),
        (16, 10),
        &big,
    )?;
    let span = if c.from.date_naive() == c.to.date_naive() {
        format!(
            "{}–{} UTC",
            c.from.format("%Y-%m-%d %H:%M"),
            c.to.format("%H:%M")
        )
    } else {
        format!(
            "{} – {} UTC",
            c.from.format("%Y-%m-%d %H:%M"),
            c.to.format("%Y-%m-%d %H:%M")
        )
    };
    let samples: usize = c.services.iter().map(|s| s.points.len()).sum();
    let mut said = vec![
        span,
        if samples == 0 {
            r.t("chart-timeline-no-samples", &[])
        } else {
            r.t("chart-timeline-samples", &[("samples", samples.into())])
        },
    ];
    if c.hidden_services > 0 {
        said.push(r.t(
            "chart-timeline-hidden",
            &[("services", c.hidden_services.into())],
        ));
    }
    let small = style(13, &MUTED);
    text(
        root,
        &fit(root, &said.join(" · "), &small, WIDTH as i32 - 32),
        (16, 36),
        &small,
    )
}

/// The pod counts on the left with their grid lines, or a note in the plot without samples.
fn pods_axis(root: &Area, r: &Renderer, a: &Axes) -> Result<(), ChartError> {
    let line = |y: i32, colour: RGBColor| {
        root.draw(&PathElement::new(
            vec![(LEFT, y), (RIGHT, y)],
            colour.stroke_width(1),
        ))
        .map_err(draw_err)
    };
    if a.scale == 0 {
        line(BOTTOM, INK)?;
        let note = style(14, &MUTED).pos(Pos::new(HPos::Center, VPos::Center));
        return text(
            root,
            &r.t("chart-timeline-no-counts", &[]),
            ((LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2),
            &note,
        );
    }
    let label = style(12, &MUTED).pos(Pos::new(HPos::Right, VPos::Center));
    for n in (0..=a.scale).step_by(a.step.max(1) as usize) {
        let y = a.y(n as f64);
        line(y, if n == 0 { INK } else { GRID })?;
        text(root, &thousands(n as usize), (LEFT - 6, y), &label)?;
    }
    let caption = style(12, &MUTED).pos(Pos::new(HPos::Right, VPos::Bottom));
    text(
        root,
        &r.t("chart-timeline-pods", &[]),
        (LEFT - 6, TOP - 8),
        &caption,
    )
}

/// Minutes between time labels: the first of these that gives at most ten.
const TIME_STEPS: [i64; 14] = [
    1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080,
];

/// The time labels under the plot, at round UTC times (`time_label`).
fn time_axis(root: &Area, locale: Locale, a: &Axes) -> Result<(), ChartError> {
    let minutes = a.seconds / 60.0;
    let step = TIME_STEPS
        .into_iter()
        .find(|s| minutes / *s as f64 <= 10.0)
        .unwrap_or(10080)
        * 60;
    let label = style(13, &INK).pos(Pos::new(HPos::Center, VPos::Top));
    let first = a.from.timestamp().div_euclid(step) * step + step;
    let last = a.from.timestamp() + a.seconds as i64;
    for at in (first..=last).step_by(step as usize) {
        let Some(t) = DateTime::from_timestamp(at, 0) else {
            continue;
        };
        let x = a.x(t);
        root.draw(&PathElement::new(
            vec![(x, BOTTOM), (x, BOTTOM + 5)],
            INK.stroke_width(1),
        ))
        .map_err(draw_err)?;
        text(root, &time_label(locale, t), (x, BOTTOM + 8), &label)?;
    }
    Ok(())
}

/// A time axis label: "18:30", or at midnight the day ("Nov 27", "11月27日").
fn time_label(locale: Locale, t: DateTime<Utc>) -> String {
    if t.hour() != 0 || t.minute() != 0 {
        return t.format("%H:%M").to_string();
    }
    match locale {
        Locale::En => t.format("%b %d").to_string(),
        Locale::ZhCn => t.format("%-m月%-d日").to_string(),
    }
}

fn milestone_colour(kind: MilestoneKind) -> RGBColor {
    match kind {
        MilestoneKind::ImpactStart => ALARM,
        MilestoneKind::Declared => INK,
        MilestoneKind::Mitigated | MilestoneKind::Resolved => RECOVERED,
    }
}

/// A milestone's label: its lane (0 next to the plot) and its left and right edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placed {
    lane: usize,
    left: i32,
    right: i32,
    line: i32,
}

/// Where the labels of lines at `xs` (in time order) of widths `widths` go: beside their line
/// (right of it, else left; never left of the plot), in the lowest lane where the label overlaps no other label and no
/// line crosses a label on its way up to its own. The latest is placed first, so an earlier
/// milestone's line stays left of the later labels below it. A label with no such place goes
/// to the top lane.
fn place(xs: &[i32], widths: &[i32]) -> Vec<Placed> {
    let mut placed: Vec<Placed> = Vec::new();
    for (&x, &w) in xs.iter().zip(widths).rev() {
        let candidates = (0..LANES).flat_map(|lane| {
            [(x + 4, x + 4 + w), (x - 4 - w, x - 4)].map(|(left, right)| Placed {
                lane,
                left,
                right,
                line: x,
            })
        });
        let fits = |c: &Placed| {
            c.left >= LEFT
                && c.right <= WIDTH as i32 - 8
                && placed.iter().all(|p| {
                    let apart = c.right + 6 < p.left || p.right + 6 < c.left;
                    let crosses_below = p.lane < c.lane && (p.left..=p.right).contains(&c.line);
                    let crossed_from_above =
                        p.lane > c.lane && (c.left..=c.right).contains(&p.line);
                    (p.lane != c.lane || apart) && !crosses_below && !crossed_from_above
                })
        };
        let chosen = candidates.clone().find(fits).unwrap_or_else(|| {
            let (left, right) = if x + 4 + w <= WIDTH as i32 - 8 {
                (x + 4, x + 4 + w)
            } else {
                (x - 4 - w, x - 4)
            };
            Placed {
                lane: LANES - 1,
                left,
                right,
                line: x,
            }
        });
        placed.push(chosen);
    }
    placed.reverse();
    placed
}

/// The milestones: a vertical line each, from its label down through the plot.
fn milestones(root: &Area, r: &Renderer, c: &Course, a: &Axes) -> Result<(), ChartError> {
    let label_style = style(13, &INK);
    let labels: Vec<String> = c
        .milestones
        .iter()
        .map(|m| {
            let at = m.at.format("%H:%M").to_string();
            r.t(m.kind.key(), &[("at", at.into())])
        })
        .collect();
    let xs: Vec<i32> = c.milestones.iter().map(|m| a.x(m.at)).collect();
    let widths: Vec<i32> = labels
        .iter()
        .map(|l| width_of(root, l, &label_style))
        .collect();
    for ((m, label), p) in c.milestones.iter().zip(&labels).zip(place(&xs, &widths)) {
        let colour = milestone_colour(m.kind);
        let mid = TOP - 4 - LANE_H / 2 - LANE_H * p.lane as i32;
        root.draw(&PathElement::new(
            vec![(p.line, mid - 6), (p.line, BOTTOM)],
            colour.stroke_width(2),
        ))
        .map_err(draw_err)?;
        let s = style(13, &colour).pos(Pos::new(HPos::Left, VPos::Center));
        text(root, label, (p.left, mid), &s)?;
    }
    Ok(())
}

/// The samples of one service that fall in one column of the plot: one sample each while
/// they are sparse; `DENSE_COLUMN` pixels wide when there are more than one per that many.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Column {
    x: i32,
    samples: usize,
    least_failing: i64,
    most_failing: i64,
    /// The mean of the samples'.
    failing: f64,
    ready: f64,
}

const DENSE_COLUMN: i32 = 3;

fn columns(s: &ServiceCourse, a: &Axes) -> Vec<Column> {
    let width = if s.points.len() > ((RIGHT - LEFT) / DENSE_COLUMN) as usize {
        DENSE_COLUMN
    } else {
        1
    };
    let mut out: Vec<Column> = Vec::new();
    for p in &s.points {
        let x = a.x(p.at);
        match out.last_mut() {
            Some(c) if (x - LEFT).div_euclid(width) == (c.x - LEFT).div_euclid(width) => {
                let n = c.samples as f64;
                c.failing = (c.failing * n + p.failing as f64) / (n + 1.0);
                c.ready = (c.ready * n + p.ready as f64) / (n + 1.0);
                c.least_failing = c.least_failing.min(p.failing);
                c.most_failing = c.most_failing.max(p.failing);
                c.samples += 1;
            }
            _ => out.push(Column {
                x,
                samples: 1,
                least_failing: p.failing,
                most_failing: p.failing,
                failing: p.failing as f64,
                ready: p.ready as f64,
            }),
        }
    }
    out
}

/// The plot points of a step line through the columns' `value`: each holds until the next.
fn steps(columns: &[Column], a: &Axes, value: impl Fn(&Column) -> f64) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(columns.len() * 2);
    for c in columns {
        let here = (c.x, a.y(value(c)));
        let corner = out.last().map(|&(_, y)| (here.0, y));
        for point in corner.into_iter().chain([here]) {
            if out.last() != Some(&point) {
                out.push(point);
            }
        }
    }
    out
}

/// One service: failing pods as a solid step line, ready pods dashed. Each sample is a dot
/// (filled: failing, open: ready) while there are few; where many share a column, the line
/// goes through their mean and a pale band spans their least to most failing.
fn series(root: &Area, s: &ServiceCourse, colour: RGBColor, a: &Axes) -> Result<(), ChartError> {
    let columns = columns(s, a);
    for c in columns.iter().filter(|c| c.least_failing < c.most_failing) {
        root.draw(&Rectangle::new(
            [
                (c.x, a.y(c.most_failing as f64)),
                (c.x + DENSE_COLUMN, a.y(c.least_failing as f64)),
            ],
            colour.mix(0.3).filled(),
        ))
        .map_err(draw_err)?;
    }
    root.draw(&DashedPathElement::new(
        steps(&columns, a, |c| c.ready),
        7,
        5,
        colour.stroke_width(2),
    ))
    .map_err(draw_err)?;
    root.draw(&PathElement::new(
        steps(&columns, a, |c| c.failing),
        colour.stroke_width(3),
    ))
    .map_err(draw_err)?;
    if s.points.len() <= DOTS_UP_TO {
        for p in &s.points {
            let (x, ready) = (a.x(p.at), a.y(p.ready as f64));
            root.draw(&Circle::new((x, ready), 4, WHITE.filled()))
                .map_err(draw_err)?;
            root.draw(&Circle::new((x, ready), 4, colour.stroke_width(2)))
                .map_err(draw_err)?;
            root.draw(&Circle::new((x, a.y(p.failing as f64)), 5, colour.filled()))
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

/// A status update's mark: a small triangle standing on `base` (the time axis).
fn triangle(root: &Area, (x, base): (i32, i32)) -> Result<(), ChartError> {
    root.draw(&Polygon::new(
        vec![(x - 5, base), (x + 5, base), (x, base - 9)],
        INK.filled(),
    ))
    .map_err(draw_err)
}

fn updates(root: &Area, c: &Course, a: &Axes) -> Result<(), ChartError> {
    for at in &c.updates {
        triangle(root, (a.x(*at), BOTTOM))?;
    }
    Ok(())
}

/// Draws a legend entry's mark at its place.
type Swatch = fn(&Area, (i32, i32)) -> Result<(), ChartError>;

/// The key under the time axis: each service (failing at its first → last sample), then what
/// the marks mean.
fn legend(root: &Area, r: &Renderer, c: &Course) -> Result<(), ChartError> {
    let entry = style(13, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    let (mut x, mut y) = (LEFT, LEGEND_TOP);
    let mut next = |w: i32| {
        if x + w > RIGHT && x > LEFT {
            (x, y) = (LEFT, y + LEGEND_LINE);
        }
        let at = (x, y);
        x += w + 22;
        at
    };
    for (i, s) in c.services.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let (first, last) = match (s.points.first(), s.points.last()) {
            (Some(f), Some(l)) => (f.failing, l.failing),
            _ => continue,
        };
        let count = |n: i64| thousands(n.max(0) as usize);
        let counts = if s.points.len() == 1 {
            count(last)
        } else {
            format!("{} → {}", count(first), count(last))
        };
        let label = fit(
            root,
            &r.t(
                "chart-timeline-service",
                &[
                    ("service", s.name.as_str().into()),
                    ("counts", counts.into()),
                ],
            ),
            &entry,
            RIGHT - LEFT - 30,
        );
        let (lx, ly) = next(26 + width_of(root, &label, &entry));
        rect(root, (lx, ly - 2), (lx + 20, ly + 2), colour)?;
        text(root, &label, (lx + 26, ly), &entry)?;
    }
    let keys: [(&str, Swatch); 3] = [
        ("chart-timeline-status-update", |root, (x, y)| {
            triangle(root, (x + 10, y + 5))
        }),
        ("chart-timeline-impact-window", |root, (x, y)| {
            rect(root, (x, y - 6), (x + 20, y + 6), IMPACT)
        }),
        ("chart-timeline-ready-pods", |root, (x, y)| {
            root.draw(&DashedPathElement::new(
                vec![(x, y), (x + 20, y)],
                7,
                5,
                MUTED.stroke_width(2),
            ))
            .map_err(draw_err)
        }),
    ];
    for (key, swatch) in keys {
        let name = r.t(key, &[]);
        let (lx, ly) = next(26 + width_of(root, &name, &entry));
        swatch(root, (lx, ly))?;
        text(root, &name, (lx + 26, ly), &entry)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::draw::tests::{assert_title_in_glyphs, decode, keep, renderer, title_region};
    use crate::chart::timeline::course;
    use crate::chart::timeline::tests::{entry, sample, seed_incident};
    use crate::incident::{Outcome, test_time as at};

    /// The seed incident's course: two services sampled three times, one status update.
    fn seed_course() -> Course {
        let samples = [
            sample("18:23", "payment-service", 15, 0),
            sample("18:26", "order-service", 17, 0),
            sample("19:10", "payment-service", 3, 12),
            sample("19:12", "order-service", 4, 13),
            sample("19:40", "payment-service", 0, 15),
            sample("19:41", "order-service", 0, 17),
        ];
        let timeline = [entry("19:20", "status.update", Outcome::Ok)];
        course(&seed_incident(), &samples, &timeline, at("20:30"))
    }

    #[test]
    fn the_seed_chart_has_the_preview_size_and_is_drawn() {
        let c = seed_course();
        let en = renderer(Locale::En);
        let bytes = draw(&en, &c, "Incident #1 · Payment failures · SEV1").unwrap();
        keep("seed-timeline.png", &bytes);
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let (size, colours) = decode(&bytes);
        assert_eq!(size, (WIDTH, HEIGHT));
        assert!(colours > 20, "only {colours} colours: blank?");
    }

    #[test]
    fn a_chinese_chart_draws_its_title_in_chinese_glyphs() {
        let zh = renderer(Locale::ZhCn);
        let c = seed_course();
        let title = |words: &str| {
            let args = [
                ("id", 1i64.into()),
                ("title", words.into()),
                ("severity", "SEV1".into()),
            ];
            zh.t("chart-timeline-title", &args)
        };
        assert_eq!(title("支付服务不可用"), "故障 #1 · 支付服务不可用 · SEV1");
        let bytes = draw(&zh, &c, &title("支付服务不可用")).unwrap();
        keep("zh-timeline.png", &bytes);
        let other = draw(&zh, &c, &title("订单服务超时了")).unwrap();
        assert_title_in_glyphs(&bytes, &other, (WIDTH, HEIGHT), 500);
        // A Chinese title on an English chart is drawn in Chinese glyphs too.
        let en = renderer(Locale::En);
        let a = draw(&en, &c, "Incident #1 · 支付服务不可用 · SEV1").unwrap();
        let b = draw(&en, &c, "Incident #1 · 订单服务超时了 · SEV1").unwrap();
        assert!(title_region(&a, 34).0 != title_region(&b, 34).0);
    }

    #[test]
    fn the_chinese_chart_says_its_milestones_and_key_in_chinese() {
        let zh = renderer(Locale::ZhCn);
        let c = seed_course();
        let labels: Vec<String> = c
            .milestones
            .iter()
            .map(|m| {
                zh.t(
                    m.kind.key(),
                    &[("at", m.at.format("%H:%M").to_string().into())],
                )
            })
            .collect();
        assert_eq!(
            labels,
            ["影响开始 18:14", "通告 18:19", "缓解 19:43", "恢复 20:01"]
        );
        let said = zh.t("chart-timeline-samples", &[("samples", 6usize.into())]);
        assert_eq!(
            said,
            "各服务的异常 Pod（实线）与就绪 Pod（虚线），共 6 次采样"
        );
        let big = zh.t("chart-timeline-samples", &[("samples", 12_345usize.into())]);
        assert!(big.contains("共 12,345 次采样"), "{big}");
        let next_day = at("00:00") + chrono::Duration::days(1);
        assert_eq!(time_label(Locale::ZhCn, next_day), "11月27日");
        assert_eq!(time_label(Locale::En, next_day), "Nov 27");
        assert_eq!(time_label(Locale::ZhCn, at("18:30")), "18:30");
    }

    #[test]
    fn without_samples_the_milestones_are_still_drawn() {
        let c = course(&seed_incident(), &[], &[], at("20:30"));
        let en = renderer(Locale::En);
        let bytes = draw(&en, &c, "Incident #1 · Payment failures · SEV1").unwrap();
        keep("empty-timeline.png", &bytes);
        let (size, colours) = decode(&bytes);
        assert_eq!(size, (WIDTH, HEIGHT));
        assert!(colours > 20, "only {colours} colours: blank?");
    }

    #[test]
    fn ten_thousand_samples_draw_as_readily_as_a_few() {
        let samples: Vec<_> = (0..10_000)
            .map(|i| {
                let mut s = sample("18:00", ["checkout", "payment-service"][i % 2], 0, 0);
                s.at += chrono::Duration::seconds(15 * i as i64);
                s.failing = (40 * (10_000 - i) / 10_000 + i % 5) as i64;
                s.ready = 44 - s.failing;
                s
            })
            .collect();
        let mut incident = seed_incident();
        incident.impact_started_at = at("17:50");
        incident.opened_at = at("18:00");
        incident.mitigated_at = Some(samples[9_999].at);
        incident.resolved_at = Some(samples[9_999].at + chrono::Duration::minutes(10));
        let c = course(&incident, &samples, &[], at("20:00"));
        let en = renderer(Locale::En);
        let bytes = draw(&en, &c, "Incident #1 · Checkout down · SEV1").unwrap();
        keep("large-timeline.png", &bytes);
        let (size, colours) = decode(&bytes);
        assert_eq!(size, (WIDTH, HEIGHT));
        assert!(colours > 20, "only {colours} colours: blank?");
        assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
    }

    #[test]
    fn samples_that_share_a_column_are_averaged_with_their_range() {
        let samples = [
            sample("18:30", "checkout", 10, 0),
            sample("18:30", "checkout", 20, 6),
            sample("19:30", "checkout", 4, 16),
        ];
        let c = course(&seed_incident(), &samples, &[], at("20:30"));
        let a = Axes::new(&c);
        let got = columns(&c.services[0], &a);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            (got[0].samples, got[0].least_failing, got[0].most_failing),
            (2, 10, 20)
        );
        assert_eq!((got[0].failing, got[0].ready), (15.0, 3.0));
        assert_eq!((got[1].samples, got[1].failing), (1, 4.0));
        let line = steps(&got, &a, |c| c.failing);
        assert_eq!(
            line,
            [
                (got[0].x, a.y(15.0)),
                (got[1].x, a.y(15.0)),
                (got[1].x, a.y(4.0))
            ]
        );
    }

    #[test]
    fn milestone_labels_close_together_take_lanes_and_cross_no_label() {
        // impact and declared 40 px apart; mitigated and resolved near the right edge.
        let placed = place(&[84, 124, 811, 954], &[85, 95, 100, 90]);
        assert_eq!(
            placed,
            [
                Placed {
                    lane: 1,
                    left: 88,
                    right: 173,
                    line: 84
                },
                Placed {
                    lane: 0,
                    left: 128,
                    right: 223,
                    line: 124
                },
                Placed {
                    lane: 0,
                    left: 707,
                    right: 807,
                    line: 811
                },
                Placed {
                    lane: 0,
                    left: 860,
                    right: 950,
                    line: 954
                },
            ]
        );
    }
}
