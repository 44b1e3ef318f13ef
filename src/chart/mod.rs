//! Pictures attached to replies, drawn with plotters on an in-memory bitmap and encoded as PNG.
//! Text uses the DejaVu Sans font embedded in the binary (`assets/fonts`), never a system font.
//! The failing-pod distribution (`pods`: the data, `pods_png`: the drawing) and the incident's
//! course (`timeline`: the data, `timeline_png`: the drawing) share the font set-up, the
//! palette, `png` and the helpers of `draw`.

mod draw;
pub mod pods;
pub mod pods_png;
pub mod timeline;
pub mod timeline_png;

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor};

pub use pods::{PodDistribution, distribution};
pub use pods_png::{HEIGHT, WIDTH, draw};
pub use timeline::{Course, course};

/// The font family every chart's text uses. plotters' own defaults (axis labels) ask for
/// "sans-serif", so the embedded font is registered under that name.
pub const FONT: &str = "sans-serif";

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE).
const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Why a chart could not be drawn. Internal: a reply goes out without its picture.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(#[from] png::EncodingError),
}

/// Registers the embedded font with plotters, once per process (plotters keeps its fonts in a
/// process-wide table; registering again would only replace the same font).
pub fn fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, DEJAVU_SANS).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
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
