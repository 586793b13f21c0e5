use std::process::ExitCode;

use clap::Parser;

// A build makes and frees millions of small strings (Tera's values, pages)
// across threads; mimalloc does that several times faster than the system
// allocator, which spent a third of a large build in malloc and free (see
// docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    limber::cli::run(limber::cli::Cli::parse())
}
