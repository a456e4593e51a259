// swift-tools-version:6.0
// Elman: a Swift worker that trains small Elman recurrent networks, driven over ZeroMQ with JSON-RPC 2.0.
// Modules depend one way: ElmanCore, ElmanJSON ← ElmanProtocol ← ElmanWorker ← executables; ZeroMQ wraps CZeroMQ.
// ElmanJSON (the JSON codec) depends on nothing; every module that names its types imports it.
// ElmanCore routes big matrix products through OpenBLAS (COpenBLAS, Debian's libopenblas-dev), single-threaded.
import PackageDescription

let package = Package(
    name: "Elman",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "elman-worker", targets: ["elman-worker"]),
        .executable(name: "elman-bench", targets: ["elman-bench"]),
        .library(name: "ElmanCore", targets: ["ElmanCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "ElmanCore", dependencies: ["COpenBLAS"]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "CZeroMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "ElmanJSON"),
        .target(name: "ElmanProtocol", dependencies: ["ElmanCore", "ElmanJSON"]),
        .target(
            name: "ElmanWorker",
            dependencies: [
                "ElmanCore", "ElmanJSON", "ElmanProtocol", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "elman-worker",
            dependencies: [
                "ElmanWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "elman-bench",
            dependencies: [
                "ElmanCore", "ElmanJSON", "ZeroMQ", "WireTraffic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Mixed JSON-RPC traffic from many client threads, for elman-bench's wire benchmark and the worker's load test.
        .target(name: "WireTraffic", dependencies: ["ElmanCore", "ElmanJSON", "ElmanProtocol", "ZeroMQ"]),
        .testTarget(name: "ElmanCoreTests", dependencies: ["ElmanCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "ElmanJSONTests", dependencies: ["ElmanJSON", "ElmanCore"]),
        .testTarget(name: "ElmanProtocolTests", dependencies: ["ElmanProtocol", "ElmanJSON", "ElmanCore"]),
        .testTarget(
            name: "ElmanWorkerTests",
            dependencies: ["ElmanWorker", "ElmanProtocol", "ElmanJSON", "ZeroMQ", "WireTraffic"]),
    ],
    swiftLanguageModes: [.v5]
)
