/// Which endpoints the worker may bind without encryption: loopback and local transports only.
///
/// `ipc://` and `inproc://` are local by construction; `tcp://` is local when its host is `localhost`, an address
/// in 127.0.0.0/8 or `[::1]`. Anything else (`*`, `0.0.0.0`, an interface, a public address) needs CURVE or an
/// explicit `--insecure`.
public enum EndpointPolicy {
    public static func isLocal(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        let address = endpoint.dropFirst("tcp://".count)
        guard let colon = address.lastIndex(of: ":") else { return false }
        let host = address[..<colon]
        if host == "localhost" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
