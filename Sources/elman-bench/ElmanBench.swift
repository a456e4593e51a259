import ArgumentParser

/// Benchmarks as programs that print medians (never timed tests). Each subcommand prints lines of the form
/// `<prefix>  <job>  median <t> <unit>  p90 <t> <unit>  n=<runs>`.
@main
struct ElmanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elman-bench",
        abstract: "Benchmarks for the Elman engine and worker.",
        subcommands: [EngineBench.self, NetworksBench.self, WireBench.self, BacktestBench.self, SweepBench.self,
                      TrainOnce.self])
}
