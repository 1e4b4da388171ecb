import Foundation
import HangarCore
import SQLKit

/// Filters and page position of a model listing.
public struct ModelListQuery: Sendable, Equatable {
    /// The last row of the previous page; the next page starts strictly after it.
    public struct Position: Sendable, Equatable, Codable {
        public var sortName: String
        public var id: String
        enum CodingKeys: String, CodingKey { case sortName = "n", id = "i" }
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
    public var limit: Int
    public var offset: Int
    public var after: Position?

    public static let defaultLimit = 50
    public static let maxLimit = 500

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

/// Opaque page cursors: base64url of the last row's sort position.
public enum PageCursor {
    public static func encode(after model: CatalogModel) -> String {
        let position = ModelListQuery.Position(sortName: ModelRow.sortName(model.name), id: model.id)
        let data = (try? JSONEncoder().encode(position)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) throws -> ModelListQuery.Position {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let position = try? JSONDecoder().decode(ModelListQuery.Position.self, from: data)
        else {
            throw HangarError(
                .badRequest, code: "invalid_cursor",
                message: "The cursor is not one this server issued; start again without it.",
                fields: ["cursor": "is not a valid page cursor"])
        }
        return position
    }
}
