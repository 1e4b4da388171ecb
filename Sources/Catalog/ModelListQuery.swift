import Foundation
import HangarCore
import SQLKit

/// Filters and page position of a model listing.
public struct ModelListQuery: Sendable, Equatable {
    /// The last row of the previous page; the next page starts strictly after it.
    public struct Position: Sendable, Equatable {
        public var sortName: String
        public var id: String
    }

    public enum KindFilter: Sendable, Equatable {
        case model(ModelKind)
        case provider(ProviderKind)

        public init?(rawValue: String) {
            if let kind = ModelKind(rawValue: rawValue) {
                self = .model(kind)
            } else if let kind = ProviderKind(rawValue: rawValue) {
                self = .provider(kind)
            } else {
                return nil
            }
        }
    }

    public var providerID: String?
    public var kind: KindFilter?
    public var status: ModelStatus?
    public var text: String?
    /// Only these models (an application key's allowed list); empty matches nothing.
    public var ids: [String]?
    public var limit: Int
    public var offset: Int
    public var after: Position?

    public static let defaultLimit = 50
    public static let maxLimit = 1000

    public init(
        providerID: String? = nil, kind: KindFilter? = nil, status: ModelStatus? = nil, text: String? = nil,
        limit: Int = ModelListQuery.defaultLimit, offset: Int = 0, after: Position? = nil
    ) {
        self.providerID = providerID
        self.kind = kind
        self.status = status
        self.text = text
        self.limit = limit
        self.offset = offset
        self.after = after
    }

    func conditions() -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let providerID { conditions.append("m.provider_id = \(bind: providerID)") }
        switch kind {
        case .model(let kind): conditions.append("m.kind = \(bind: kind.rawValue)")
        case .provider(let kind): conditions.append("p.kind = \(bind: kind.rawValue)")
        case nil: break
        }
        if let status { conditions.append("m.status = \(bind: status.rawValue)") }
        if let ids {
            conditions.append(ids.isEmpty ? "1 = 0" : "m.id IN (\(binds: ids))")
        }
        if let text, !text.isEmpty {
            conditions.append("m.search_text LIKE \(bind: "%" + Self.escapeLike(text.lowercased()) + "%") ESCAPE '\\'")
        }
        return conditions
    }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

/// Opaque page cursors: base64url (no padding) of the last row's sort name, a NUL, its id.
/// Decoding is total over the base64url alphabet, so any such string names a position and a
/// cursor never fails for being stale or hand-made; other characters are refused.
public enum PageCursor {
    static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(after model: CatalogModel) -> String {
        let payload = Data((ModelRow.sortName(model.name) + "\u{0}" + model.id).utf8)
        return payload.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) throws -> ModelListQuery.Position {
        guard !cursor.isEmpty, cursor.utf8.allSatisfy(alphabet.contains) else {
            throw HangarError(
                .badRequest, code: .invalidCursor,
                message: "The cursor is not one this server issued; start again without it.",
                fields: ["cursor": .invalid("Use the next_cursor value of the previous page.")])
        }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        // A lone trailing character carries no whole byte.
        if base64.count % 4 == 1 { base64.removeLast() }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let text = String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
        guard let separator = text.firstIndex(of: "\u{0}") else {
            return ModelListQuery.Position(sortName: text, id: "")
        }
        // PostgreSQL text cannot hold NUL, and a hand-made cursor may carry more than one.
        let id = text[text.index(after: separator)...].replacingOccurrences(of: "\u{0}", with: "")
        return ModelListQuery.Position(sortName: String(text[..<separator]), id: id)
    }
}
