//! `strata-fidelity`: the generate → check → minimize loop (`cargo xtask fidelity` runs it).

fn main() -> std::process::ExitCode {
    strata_fidelity::cli::main(std::env::args().skip(1).collect())
}
