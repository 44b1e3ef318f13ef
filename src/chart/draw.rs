//! Drawing helpers the pictures share: text that is redacted and cut to fit, filled
//! rectangles, and axis steps and counts that read well.

use plotters::backend::BitMapBackend;
use plotters::coord::Shift;
use plotters::element::{Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters::style::{Color, IntoFont, RGBColor, TextStyle, WHITE};

use super::{ChartError, FONT, fonts, png};
use crate::evidence::redact;

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

/// 12345 → "12,345".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How wide `text` is in `style`, in pixels.
pub fn width_of(root: &Area, text: &str, style: &TextStyle) -> i32 {
    root.estimate_text_size(text, style)
        .map_or(i32::MAX, |(w, _)| w as i32)
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
pub fn text(root: &Area, s: &str, at: (i32, i32), style: &TextStyle) -> Result<(), ChartError> {
    root.draw(&Text::new(redact(s).into_owned(), at, style.clone()))
        .map_err(draw_err)
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

    /// The PNG's size and its distinct colours.
    pub(crate) fn decode(bytes: &[u8]) -> ((u32, u32), usize) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let colours: HashSet<&[u8]> = buf[..info.buffer_size()].chunks(3).collect();
        ((info.width, info.height), colours.len())
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
