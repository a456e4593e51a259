/// The jobs the worker remembers: every active job, and the most recent `keepFinished` ended ones.
///
/// Memory stays bounded: active jobs are capped by `max_jobs` at submission, and ended jobs beyond
/// `max_finished_jobs` are forgotten oldest first (a later `job.status` on them is "unknown job").
struct JobTable {
    private(set) var byID: [String: Job] = [:]
    private var ended: [String] = []
    private var counter = 0
    let keepFinished: Int

    init(keepFinished: Int) { self.keepFinished = keepFinished }

    var activeCount: Int { byID.count - ended.count }

    /// All remembered jobs, oldest first.
    var all: [Job] {
        byID.values.sorted { ($0.id.count, $0.id) < ($1.id.count, $1.id) }
    }

    var active: [Job] { all.filter { !$0.state.hasEnded } }

    subscript(id: String) -> Job? { byID[id] }

    /// A new queued job with the next id (`j1`, `j2`, …).
    mutating func create(model: String, epochs: Int) -> Job {
        counter += 1
        let job = Job(id: "j\(counter)", model: model, epochs: epochs)
        byID[job.id] = job
        return job
    }

    /// Call once when `job` has ended: it joins the ended jobs, and the oldest beyond the bound are forgotten.
    mutating func markEnded(_ job: Job) {
        ended.append(job.id)
        while ended.count > keepFinished {
            byID[ended.removeFirst()] = nil
        }
    }
}
