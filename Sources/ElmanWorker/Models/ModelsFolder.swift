import ElmanCore

/// The `--models` folder, made ready before a worker starts.
///
/// A missing folder is created, with any missing parents, mode 0700 (saved models are the user's own), as
/// `elman.Worker(models=…)` does. A path that exists and is not a folder is refused. The path itself may be a
/// symbolic link to a folder, since the person starting the worker named it; inside the folder no link is ever
/// followed (`ModelStore`).
public enum ModelsFolder {
    public static func prepare(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if Platform.makeFolder(prefix, mode: 0o700) != 0 && Platform.lastError != Platform.alreadyExists {
                throw Failure("--models \(path): cannot create \(prefix): "
                                       + Platform.describe(Platform.lastError))
            }
            prefix += "/"
        }
        guard Platform.isFolder(path) else { throw Failure("--models \(path) is not a folder") }
    }
}
