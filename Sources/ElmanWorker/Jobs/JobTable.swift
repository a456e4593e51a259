import ElmanCore

/// The jobs the worker remembers: every active job, and the most recent `keepFinished` ended ones.
///
/// Memory stays bounded: active jobs are capped by `max_jobs` at submission, and ended jobs beyond
/// `max_finished_jobs` are forgotten oldest first (a later `job.status` on them is "unknown job").
struct JobTable {
    private var jobs = NumberedTable<Job>(prefix: "j")
    private var ended: [String] = []
    let keepFinished: Int

    init(keepFinished: Int) { self.keepFinished = keepFinished }

    var activeCount: Int { jobs.count - ended.count }

    /// All remembered jobs, oldest first.
    var all: [Job] { jobs.inOrder }

    var active: [Job] { all.filter { !$0.state.hasEnded } }

    subscript(id: String) -> Job? { jobs[id] }

    /// A new queued job (a backtest has no model) with the next id (`j1`, `j2`, …).
    mutating func create(model: String?, epochs: Int, naiveMAE: [Double]?, validation: Validation? = nil) -> Job {
        jobs.add { Job(id: $0, model: model, epochs: epochs, naiveMAE: naiveMAE, validation: validation) }
    }

    /// Call once when `job` has ended: it joins the ended jobs, and the oldest beyond the bound are forgotten.
    mutating func markEnded(_ job: Job) {
        ended.append(job.id)
        while ended.count > keepFinished {
            jobs.remove(ended.removeFirst())
        }
    }
}
