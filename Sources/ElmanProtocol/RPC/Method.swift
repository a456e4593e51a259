/// Every method of Protocol/PROTOCOL.md. A method that is not here does not exist (-32601).
public enum Method: String, CaseIterable, Sendable {
    case ping, info, train
    case jobStatus = "job.status", jobWait = "job.wait", jobCancel = "job.cancel", jobList = "job.list"
    case modelGet = "model.get", modelList = "model.list", modelDelete = "model.delete"
    case modelSave = "model.save", modelLoad = "model.load"
    case predict, generate, evaluate, backtest, sweep
    case gradientFlow = "gradient_flow"
    case shutdown
}

/// The protocol's version, carried by `info` and the connection file.
public enum ProtocolVersion {
    public static let number = 1
    public static let software = "0.1.0"
}
