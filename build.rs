//! Links the `warroom` binary with packed relative relocations (RELR) where the toolchain is
//! GNU's on Linux. A position-independent binary of this size has ~100,000 relative
//! relocations: as RELA entries they are 2.4 MB that the dynamic loader reads at every start,
//! and those pages stay resident; as RELR they are 39 KB. A seed console triage's peak RSS drops
//! by 4 MiB (BENCHMARKS.md). The binary stays position-independent (ASLR is kept); it needs
//! glibc 2.36 or later, which the deploy image (Debian 12) has.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
