import Foundation

/// The files one local model is made of: its file, or every part of a split GGUF, named as
/// llama.cpp's gguf-split names them (`…-00001-of-00003.gguf`, `…-00002-of-00003.gguf`, …).
/// Any part names them all, so a model records one file (the first part, by convention).
public enum ModelParts {
    public static func references(_ reference: HubFileReference) -> [HubFileReference] {
        let name = GGUFFileName(reference.file)
        guard let parts = name.parts, parts > 1 else { return [reference] }
        return (1...parts).map { part in
            HubFileReference(repo: reference.repo, revision: reference.revision, file: name.stem + suffix(part, of: parts))
        }
    }

    static func suffix(_ part: Int, of parts: Int) -> String {
        func padded(_ value: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        }
        return "-\(padded(part))-of-\(padded(parts)).gguf"
    }
}

/// A local file's facts a deploy needs, without exposing the file system helpers.
public enum LocalFile {
    /// SHA-256 (64 hex digits) of the file, read off the cooperative pool.
    public static func sha256(_ path: String) async throws -> String { try await FileSystem.sha256(ofFileAt: path) }

    public static func size(_ path: String) -> Int64? { FileSystem.regularFileSize(path) }
}
