import Foundation

/// Where the server key comes from: `HANGAR_SECRET_KEY` (base64, 32 bytes) or the file
/// `<data dir>/secret-key`, created (mode 0600) on first start. A rotation writes the new
/// key to `secret-key.next` before re-encrypting, so an interrupted rotation can be finished.
public struct SecretKeyStore: Sendable {
    public enum Source: Sendable, Equatable {
        case environment
        case file(String)
    }

    public let dataDirectory: String
    public let environmentKey: String?

    public init(dataDirectory: String, environmentKey: String?) {
        self.dataDirectory = dataDirectory
        self.environmentKey = environmentKey
    }

    public var keyPath: String { (dataDirectory as NSString).appendingPathComponent("secret-key") }
    public var nextKeyPath: String { keyPath + ".next" }

    /// The current key; creates the key file when there is neither a variable nor a file.
    public func load() throws -> (key: SecretKey, source: Source) {
        if let environmentKey {
            do {
                return (try SecretKey(base64: environmentKey), .environment)
            } catch {
                throw SecretStartError.badKey("HANGAR_SECRET_KEY: \(error)")
            }
        }
        if FileManager.default.fileExists(atPath: keyPath) {
            return (try readKeyFile(keyPath), .file(keyPath))
        }
        let key = SecretKey.random()
        try writeKeyFile(key, to: keyPath)
        return (key, .file(keyPath))
    }

    /// The key of an interrupted rotation, if one is waiting.
    public func pendingNextKey() throws -> SecretKey? {
        guard FileManager.default.fileExists(atPath: nextKeyPath) else { return nil }
        return try readKeyFile(nextKeyPath)
    }

    /// Writes the key readable by its owner only, without ever exposing a partial file.
    public func writeKeyFile(_ key: SecretKey, to path: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data((key.base64 + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw SecretStartError.badKey("cannot write \(path); check that the data directory is writable")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SecretStartError.badKey("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes the rotated key the current one.
    public func promoteNextKey() throws {
        guard rename(nextKeyPath, keyPath) == 0 else {
            throw SecretStartError.badKey("cannot replace \(keyPath) with \(nextKeyPath): \(String(cString: strerror(errno)))")
        }
    }

    private func readKeyFile(_ path: String) throws -> SecretKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SecretStartError.badKey("cannot read \(path)")
        }
        do {
            return try SecretKey(base64: text)
        } catch {
            throw SecretStartError.badKey("\(path): \(error)")
        }
    }
}

/// Reasons Hangar refuses to start rather than lose or misread secrets.
public enum SecretStartError: Error, CustomStringConvertible {
    case badKey(String)
    case wrongKey(stored: String, configured: String, source: String)

    public var description: String {
        switch self {
        case .badKey(let detail):
            "The secret key is unusable (\(detail))."
        case .wrongKey(let stored, let configured, let source):
            "Stored secrets were encrypted with server key \(stored), but the configured key (\(source)) is \(configured). "
                + "Start Hangar with the key that encrypted them (HANGAR_SECRET_KEY or the data directory's secret-key file); "
                + "refusing to start so that no secret is lost."
        }
    }
}
