import Foundation
import HangarCore

/// What a GGUF file's name says: its quantization (`Q4_K_M`, `IQ2_XS`, `F16`…) and, for a split
/// model, which part it is (`-00002-of-00003.gguf`).
public struct GGUFFileName: Sendable, Equatable {
    public var quantization: String?
    public var part: Int?
    public var parts: Int?
    /// The name without its part suffix: every part of one model shares it.
    public var stem: String

    // The quantization names llama.cpp writes, as a name segment of their own.
    nonisolated(unsafe) static let quantization =
        /(?i)(?:^|[^A-Za-z0-9])(IQ[1-4]_(?:XXS|XS|NL|S|M)|Q[2-8]_K(?:_XL|_[SML])?|Q[4-8]_[01]|TQ[12]_0|MXFP4|BF16|F16|F32)(?![A-Za-z0-9])/
    nonisolated(unsafe) static let split = /-(\d{5})-of-(\d{5})\.gguf$/

    public init(_ path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        quantization =
            name.matches(of: Self.quantization).last.map { String($0.output.1).uppercased() }
            ?? path.matches(of: Self.quantization).last.map { String($0.output.1).uppercased() }
        if let match = path.firstMatch(of: Self.split), let part = Int(match.output.1), let parts = Int(match.output.2), parts > 0 {
            self.part = part
            self.parts = parts
            stem = String(path[..<match.range.lowerBound])
        } else {
            stem = path
        }
    }

    /// The files' choices: one per single file, one per split model (its parts in order).
    public static func choices(_ files: [HubFile]) -> [HubChoice] {
        var groups: [String: [HubFile]] = [:]
        var order: [String] = []
        for file in files {
            let name = GGUFFileName(file.path)
            let key = name.parts == nil ? file.path : name.stem + "#split"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(file)
        }
        return order.compactMap { key in
            guard let members = groups[key]?.sorted(by: { ($0.part ?? 0, $0.path) < ($1.part ?? 0, $1.path) }), let first = members.first
            else { return nil }
            let expected = first.parts ?? 1
            let complete = Set(members.compactMap(\.part)) == Set(1...expected) || first.parts == nil
            return HubChoice(
                file: first.path, files: members.map(\.path), quantization: first.quantization, size: members.reduce(0) { $0 + $1.size },
                complete: complete)
        }
    }
}
