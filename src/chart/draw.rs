//! Drawing helpers the pictures share: text that is redacted, cut to fit and drawn in the font
//! that has its characters, filled rectangles, and axis steps and counts that read well.

use plotters::backend::BitMapBackend;
use plotters::coord::Shift;
use plotters::element::{Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, IntoFont, RGBColor, TextStyle, WHITE};

use super::{ChartError, FONT, Face, fonts, png};
use crate::evidence::redact;
pub use crate::i18n::thousands;

pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Secondary text (axis labels, captions).
pub const MUTED: RGBColor = RGBColor(0x77, 0x77, 0x77);

/// A white `width` × `height` picture that `paint` draws on, as a PNG file.
pub fn canvas(
    width: u32,
    height: u32,
    paint: impl FnOnce(&Area) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    fonts()?;
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let backend =
            BitMapBackend::with_buffer_and_format(&mut rgb, (width, height)).map_err(draw_err)?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        paint(&root)?;
        root.present().map_err(draw_err)?;
    }
    png(&rgb, width, height)
}

pub fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// The embedded font at `size` pixels in `colour`.
pub fn style(size: u32, colour: &RGBColor) -> TextStyle<'_> {
    (FONT, size).into_font().color(colour)
}

/// The smallest of 1, 2, 5, 10, 20, 50, … that reaches `max` in at most six steps: the
/// axis ends close above the longest bar.
pub fn nice_step(max: usize) -> usize {
    let mut magnitude = 1;
    loop {
        for step in [magnitude, 2 * magnitude, 5 * magnitude] {
            if max.div_ceil(step) <= 6 {
                return step;
            }
        }
        magnitude *= 10;
    }
}

/// A stretch of text in one font: its style in that font and its width.
struct Run<'t, 'a> {
    face: Face,
    text: &'t str,
    style: TextStyle<'a>,
    width: i32,
}

/// How wide `text` is in `style` (one font), in pixels.
fn measure(root: &Area, text: &str, style: &TextStyle) -> i32 {
    root.estimate_text_size(text, style)
        .map_or(i32::MAX, |(w, _)| w as i32)
}

/// `text` cut where the font changes (`Fonts::runs`), each stretch in `style` in its font.
fn runs<'t, 'a>(root: &Area, text: &'t str, style: &TextStyle<'a>) -> Vec<Run<'t, 'a>> {
    let Ok(fonts) = fonts() else {
        return vec![Run {
            face: Face::Latin,
            text,
            style: style.clone(),
            width: measure(root, text, style),
        }];
    };
    fonts
        .runs(text)
        .into_iter()
        .map(|(face, text)| {
            let style = fonts.style(face, style);
            let width = measure(root, text, &style);
            Run {
                face,
                text,
                style,
                width,
            }
        })
        .collect()
}

/// How wide `text` is in `style`, in pixels.
pub fn width_of(root: &Area, text: &str, style: &TextStyle) -> i32 {
    runs(root, text, style)
        .iter()
        .fold(0, |sum, run| sum.saturating_add(run.width))
}

/// `text` redacted and cut with "…" to fit `width` pixels in `style`.
pub fn fit(root: &Area, text: &str, style: &TextStyle, width: i32) -> String {
    let text = redact(text);
    if width_of(root, &text, style) <= width {
        return text.into_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut = format!("{}…", chars.iter().collect::<String>());
        if width_of(root, &cut, style) <= width {
            return cut;
        }
    }
    String::new()
}

/// Draws `s`: every text of a picture passes here, redacted (names come from the cluster).
/// Text that DejaVu Sans can draw is drawn as one; other text stretch by stretch, each in its
/// font, on one baseline, the whole placed as `style`'s anchor says.
pub fn text(root: &Area, s: &str, at: (i32, i32), style: &TextStyle) -> Result<(), ChartError> {
    let s = redact(s);
    let runs = runs(root, &s, style);
    if runs.iter().all(|run| run.face == Face::Latin) {
        return root
            .draw(&Text::new(s.into_owned(), at, style.clone()))
            .map_err(draw_err);
    }
    let width = runs.iter().map(|run| run.width).sum::<i32>();
    let (_, height) = root.estimate_text_size(&s, style).map_err(draw_err)?;
    let height = height as i32;
    let left = at.0
        - match style.pos.h_pos {
            HPos::Left => 0,
            HPos::Center => width / 2,
            HPos::Right => width,
        };
    let top = at.1
        - match style.pos.v_pos {
            VPos::Top => 0,
            VPos::Center => height / 2,
            VPos::Bottom => height,
        };
    // plotters puts a text's baseline half its size below the top of its box.
    let baseline = f64::from(top) + style.font.get_size() / 2.0;
    let mut x = left;
    for run in runs {
        let y = (baseline - run.style.font.get_size() / 2.0).round() as i32;
        let style = run.style.pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Text::new(run.text, (x, y), style))
            .map_err(draw_err)?;
        x += run.width;
    }
    Ok(())
}

pub fn rect(root: &Area, from: (i32, i32), to: (i32, i32), c: RGBColor) -> Result<(), ChartError> {
    root.draw(&Rectangle::new([from, to], c.filled()))
        .map_err(draw_err)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::HashSet;

    use plotters::prelude::IntoDrawingArea;

    use super::*;
    use crate::chart::{INK, fonts};
    use crate::render::{Locale, Renderer};

    /// The words of a picture in `locale`.
    pub(crate) fn renderer(locale: Locale) -> Renderer {
        Renderer::new(locale, None).unwrap()
    }

    /// The PNG's size and its RGB pixels, row by row.
    pub(crate) fn pixels(bytes: &[u8]) -> ((u32, u32), Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        ((info.width, info.height), buf)
    }

    /// The PNG's size and its distinct colours.
    pub(crate) fn decode(bytes: &[u8]) -> ((u32, u32), usize) {
        let (size, buf) = pixels(bytes);
        let colours: HashSet<&[u8]> = buf.chunks(3).collect();
        (size, colours.len())
    }

    /// The pixels of the PNG's top `rows` rows (where its title is), and how many of them are
    /// not white.
    pub(crate) fn title_region(bytes: &[u8], rows: u32) -> (Vec<u8>, usize) {
        let ((width, _), mut buf) = pixels(bytes);
        buf.truncate(width as usize * rows as usize * 3);
        let inked = buf.chunks(3).filter(|p| *p != [255, 255, 255]).count();
        (buf, inked)
    }

    /// That `bytes` is a `size` PNG in colour whose title draws at least `min_inked` pixels,
    /// and draws differently from `other`, the same picture under another title of as many
    /// characters: missing glyphs all draw as the same box, whatever the character.
    pub(crate) fn assert_title_in_glyphs(
        bytes: &[u8],
        other: &[u8],
        size: (u32, u32),
        min_inked: usize,
    ) {
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let (drawn_size, colours) = decode(bytes);
        assert_eq!(drawn_size, size);
        assert!(colours > 20, "only {colours} colours: blank?");
        let (drawn, inked) = title_region(bytes, 34);
        assert!(
            inked > min_inked,
            "only {inked} pixels of the title are drawn"
        );
        assert!(
            drawn != title_region(other, 34).0,
            "two titles draw alike: boxes instead of glyphs"
        );
    }

    /// Keeps a picture in `WARROOM_CHART_DIR`, when set, to look at.
    pub(crate) fn keep(name: &str, bytes: &[u8]) {
        if let Ok(dir) = std::env::var("WARROOM_CHART_DIR") {
            std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
        }
    }

    #[test]
    fn text_from_the_cluster_is_redacted_and_cut_to_fit() {
        fonts().unwrap();
        let mut rgb = vec![0u8; 200 * 50 * 3];
        let root = BitMapBackend::with_buffer(&mut rgb, (200, 50)).into_drawing_area();
        let label = style(13, &INK);
        let shown = fit(&root, "node password=s3cr3t", &label, 1000);
        assert!(!shown.contains("s3cr3t"), "{shown}");
        let cut = fit(&root, &"ip-10-0-12-34.ec2.internal".repeat(3), &label, 150);
        assert!(cut.ends_with('…'), "{cut}");
        let width = root.estimate_text_size(&cut, &label).unwrap().0;
        assert!(width <= 150, "{width}");
    }

    #[test]
    fn steps_and_counts_read_well() {
        assert_eq!(
            [1, 9, 11, 17, 100, 250, 3800].map(nice_step),
            [1, 2, 2, 5, 20, 50, 1000]
        );
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
