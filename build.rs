//! Link settings of the `warroom` binary on Linux with GNU's C library; both only shrink what a
//! command keeps in memory (BENCHMARKS.md), neither changes what the binary does.
//!
//! - Packed relative relocations (RELR). A position-independent binary of this size has
//!   ~100,000 relative relocations: as RELA entries they are 2.4 MB that the dynamic loader reads
//!   at every start, and those pages stay resident; as RELR they are 39 KB. The binary stays
//!   position-independent (ASLR is kept); it needs glibc 2.36 or later, which the deploy image
//!   (Debian 12) has.
//! - In release builds on x86-64, the hot code laid out together. `assets/symbol-order.txt` lists
//!   the ~4,400 functions that console triages (seed and 10k), the demo and `--help` execute
//!   (BENCHMARKS.md says how it is made); LLD, Rust's default linker there since 1.90, places
//!   them first in `.text`. Otherwise those 8 MB of code lie spread over 29 MB, and the kernel
//!   maps a 64 KiB window of the file around each page a command first touches. Names the build
//!   does not define (another toolchain, updated crates, changed code that LTO inlined
//!   differently) are skipped: the layout is then only less compact, never wrong; the triage
//!   bench says how many match. A build that turns LLD off (`-Clink-self-contained=-linker` or
//!   `-Clinker-features=-lld` in RUSTFLAGS) links without the list, as GNU ld has no such option.

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        let flags = var("CARGO_ENCODED_RUSTFLAGS");
        let lld = !flags.contains("link-self-contained") && !flags.contains("linker-features");
        if lld && var("CARGO_CFG_TARGET_ARCH") == "x86_64" && var("PROFILE") == "release" {
            let order = std::path::Path::new(&var("CARGO_MANIFEST_DIR"))
                .join("assets")
                .join("symbol-order.txt");
            println!(
                "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
                order.display()
            );
            println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
            println!("cargo:rerun-if-changed=assets/symbol-order.txt");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
