//! Pictures attached to replies, drawn with plotters on an in-memory bitmap and encoded as PNG.
//! Their words come from the catalog (`chart.ftl`) in the locale of the reply that carries them.
//! Text uses the fonts embedded in the binary (`assets/fonts`), never a system font: DejaVu Sans,
//! and Noto Sans CJK SC for the characters DejaVu lacks (Chinese).
//! The failing-pod distribution (`pods`: the data, `pods_png`: the drawing) and the incident's
//! course (`timeline`: the data, `timeline_png`: the drawing) share the font set-up, the
//! palette, `png` and the helpers of `draw`.

mod draw;
pub mod pods;
pub mod pods_png;
pub mod timeline;
pub mod timeline_png;

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

pub use pods::{PodDistribution, distribution};
pub use pods_png::{HEIGHT, WIDTH, draw};
pub use timeline::{Course, course};

/// The font family every chart's text uses. plotters' own defaults (axis labels) ask for
/// "sans-serif", so the embedded font is registered under that name.
pub const FONT: &str = "sans-serif";
/// The font family of text that DejaVu Sans cannot draw (Chinese).
pub const CJK_FONT: &str = "noto-sans-cjk-sc";

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE).
const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// Noto Sans CJK SC, cut down to GB2312, CJK punctuation, full-width forms, Latin and the zh-CN
/// catalogs' characters by assets/fonts/subset-cjk.sh (SIL OFL, see
/// assets/fonts/LICENSE-NotoSansCJK).
const NOTO_SANS_CJK_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Subset.otf");

/// Why a chart could not be drawn. Internal: a reply goes out without its picture.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded fonts could not be loaded")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(#[from] png::EncodingError),
}

/// The embedded fonts, registered with plotters, and what each can draw.
pub struct Fonts {
    latin: FontRef<'static>,
    cjk: FontRef<'static>,
    /// How much larger CJK text is drawn than DejaVu text of the same size so that both have
    /// the same em: plotters sizes a font by its line height, and Noto Sans CJK's (1.448 em) is
    /// taller than DejaVu Sans' (1.164 em).
    cjk_scale: f64,
}

/// Which embedded font draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// DejaVu Sans.
    Latin,
    /// Noto Sans CJK SC.
    Cjk,
}

impl Fonts {
    /// The CJK font for a character DejaVu Sans has no glyph for and Noto Sans CJK has (Chinese,
    /// full-width punctuation); DejaVu Sans for every other.
    pub fn face(&self, c: char) -> Face {
        if self.latin.glyph_id(c).0 == 0 && self.cjk.glyph_id(c).0 != 0 {
            Face::Cjk
        } else {
            Face::Latin
        }
    }

    /// `text` cut where the font changes, each stretch with its font.
    pub fn runs<'t>(&self, text: &'t str) -> Vec<(Face, &'t str)> {
        let mut runs: Vec<(Face, &'t str)> = Vec::new();
        let mut start = 0;
        let mut current = None;
        for (i, c) in text.char_indices() {
            let face = self.face(c);
            match current {
                Some(f) if f != face => {
                    runs.push((f, &text[start..i]));
                    start = i;
                }
                _ => {}
            }
            current = Some(face);
        }
        if let Some(f) = current {
            runs.push((f, &text[start..]));
        }
        runs
    }

    /// The characters of `text` that neither font can draw.
    pub fn missing(&self, text: &str) -> Vec<char> {
        text.chars()
            .filter(|c| {
                let font = match self.face(*c) {
                    Face::Latin => &self.latin,
                    Face::Cjk => &self.cjk,
                };
                !c.is_control() && font.glyph_id(*c).0 == 0
            })
            .collect()
    }

    /// `style` in `face`: as it is for DejaVu Sans; in the CJK font at the same em.
    pub fn style<'a>(&self, face: Face, style: &TextStyle<'a>) -> TextStyle<'a> {
        match face {
            Face::Latin => style.clone(),
            Face::Cjk => TextStyle {
                font: FontDesc::new(
                    FontFamily::Name(CJK_FONT),
                    style.font.get_size() * self.cjk_scale,
                    style.font.get_style(),
                ),
                color: style.color,
                pos: style.pos,
            },
        }
    }
}

/// A font's line height in ems.
fn line_height(font: &FontRef) -> f64 {
    f64::from(font.height_unscaled() / font.units_per_em().unwrap_or(1.0))
}

fn load() -> Option<Fonts> {
    let latin = FontRef::try_from_slice(DEJAVU_SANS).ok()?;
    let cjk = FontRef::try_from_slice(NOTO_SANS_CJK_SC).ok()?;
    plotters::style::register_font(FONT, FontStyle::Normal, DEJAVU_SANS).ok()?;
    plotters::style::register_font(CJK_FONT, FontStyle::Normal, NOTO_SANS_CJK_SC).ok()?;
    Some(Fonts {
        cjk_scale: line_height(&cjk) / line_height(&latin),
        latin,
        cjk,
    })
}

/// The embedded fonts, registered with plotters once per process (plotters keeps its fonts in
/// a process-wide table; registering again would only replace the same fonts).
pub fn fonts() -> Result<&'static Fonts, ChartError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS.get_or_init(load).as_ref().ok_or(ChartError::Font)
}

/// Colours of series, in order: distinct on white and for common colour blindness (Tableau 10).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x4E, 0x79, 0xA7),
    RGBColor(0xF2, 0x8E, 0x2B),
    RGBColor(0x59, 0xA1, 0x4F),
    RGBColor(0xB0, 0x7A, 0xA1),
    RGBColor(0x76, 0xB7, 0xB2),
    RGBColor(0xED, 0xC9, 0x48),
    RGBColor(0x9C, 0x75, 0x5F),
    RGBColor(0xFF, 0x9D, 0xA7),
];
/// The colour of a series that groups the rest ("others").
pub const OTHERS: RGBColor = RGBColor(0xBA, 0xB0, 0xAC);
/// Text and axes.
pub const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Warnings (nodes under pressure).
pub const ALARM: RGBColor = RGBColor(0xD7, 0x26, 0x3D);

/// An RGB buffer of `width` × `height` pixels as a PNG file.
pub fn png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Flat colours compress well with the fastest deflate and the `Up` filter it pairs with
    // (the `Fast` setting tries every filter on every row: half of a picture's cost).
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Arg, Catalog, Locale, english_runs};

    const ZH_CHART: &str = include_str!("../../templates/i18n/zh-CN/chart.ftl");

    /// Every message of the zh-CN chart catalog, given an argument for each of its variables.
    fn zh_chart_messages() -> Vec<String> {
        let catalog = Catalog::new(None).unwrap();
        let args: Vec<(&str, Arg)> = vec![
            ("subject", "概览".into()),
            ("where", "production".into()),
            ("pods", 12_345usize.into()),
            ("nodes", 3usize.into()),
            ("grouped", 2usize.into()),
            ("code", "137".into()),
            ("id", 1i64.into()),
            ("title", "支付服务不可用".into()),
            ("severity", "SEV1".into()),
            ("samples", 6usize.into()),
            ("services", 2usize.into()),
            ("at", "18:14".into()),
            ("service", "payment-service".into()),
            ("counts", "15 → 0".into()),
            ("name", "OOMKilled".into()),
        ];
        let keys: Vec<&str> = ZH_CHART
            .lines()
            .filter(|l| l.starts_with("chart-"))
            .filter_map(|l| l.split_once(" = "))
            .map(|(key, _)| key)
            .collect();
        assert!(keys.len() > 25, "{keys:?}");
        keys.iter()
            .map(|key| catalog.t(Locale::ZhCn, key, &args))
            .collect()
    }

    #[test]
    fn every_chinese_chart_message_has_a_glyph_for_every_character() {
        let fonts = fonts().unwrap();
        for c in ZH_CHART.chars().filter(|c| !c.is_control()) {
            assert_ne!(
                fonts.cjk.glyph_id(c).0,
                0,
                "no glyph for {c:?} (U+{:04X})",
                c as u32
            );
        }
        for message in zh_chart_messages() {
            assert_eq!(fonts.missing(&message), Vec::<char>::new(), "{message}");
            assert_eq!(english_runs(&message), Vec::<String>::new(), "{message}");
        }
    }

    #[test]
    fn chinese_is_drawn_in_the_cjk_font_and_the_rest_in_dejavu() {
        let fonts = fonts().unwrap();
        assert_eq!(
            fonts.runs("故障 #1 · 支付服务不可用（华东 2 区）· SEV1"),
            [
                (Face::Cjk, "故障"),
                (Face::Latin, " #1 · "),
                (Face::Cjk, "支付服务不可用（华东"),
                (Face::Latin, " 2 "),
                (Face::Cjk, "区）"),
                (Face::Latin, "· SEV1"),
            ]
        );
        for title in [
            "故障 #1 · 支付服务不可用 · SEV1",
            "Incident #1 · 支付服务不可用（华东 2 区）· SEV1",
            "异常 Pod · 订单服务 · production",
        ] {
            assert_eq!(fonts.missing(title), Vec::<char>::new(), "{title}");
        }
        let english = "Incident #1 · Payment failures · SEV1 · 15 → 0 failing… ×3";
        assert_eq!(fonts.runs(english), [(Face::Latin, english)]);
        assert_eq!(fonts.missing(english), Vec::<char>::new());
        assert_eq!(fonts.runs(""), []);
        // Both fonts drawn at the same em: CJK text is drawn larger by the ratio of the line
        // heights (1.448 / 1.164).
        assert!(
            (fonts.cjk_scale - 1.244).abs() < 0.01,
            "{}",
            fonts.cjk_scale
        );
    }

    #[test]
    fn the_cjk_font_has_gb2312s_hanzi_and_chinese_punctuation_and_stays_small() {
        let fonts = fonts().unwrap();
        let hanzi = fonts
            .cjk
            .codepoint_ids()
            .filter(|(_, c)| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .count();
        assert!(hanzi >= 6763, "{hanzi} hanzi");
        let punctuation = "，。、：；！？（）【】「」『』《》〈〉…—·“”‘’　";
        let fullwidth = ('\u{FF01}'..='\u{FF5E}').collect::<String>();
        for c in punctuation.chars().chain(fullwidth.chars()) {
            assert_ne!(fonts.cjk.glyph_id(c).0, 0, "no glyph for {c:?}");
        }
        assert!(
            NOTO_SANS_CJK_SC.len() <= 3 << 20,
            "{} bytes",
            NOTO_SANS_CJK_SC.len()
        );
    }
}
