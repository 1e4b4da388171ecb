import Foundation
import HangarCore

/// The model a request will be served by, and what the client should be told about it.
public struct ResolvedModel: Sendable, Equatable {
    public var model: CatalogModel
    /// The name as the client sent it: answers carry it back in `model`.
    public var requested: String
    /// For `Hangar-Warning`: the named model is deprecated (and served anyway).
    public var warning: String?
    /// The deprecated model the request named, when it was redirected to `model`.
    public var redirectedFrom: CatalogModel?
}

/// Turns a request's `model` into a catalog model, in this order: a catalog id;
/// `provider/api_name`; an `api_name` unique in the catalog; `default` or `default:<purpose>`.
/// Only models a connection serves count. An unknown or ambiguous name is 404 with close
/// matches; a model outside the key's list is 403; the deprecation policy applies last.
public struct ModelResolver: Sendable {
    /// The models connections serve (enabled, hosted), with their connection's id.
    let models: [CatalogModel]
    let defaults: DefaultModels
    let policy: DeprecatedModelPolicy
    /// The models by id, by `provider/api_name`, and by API name (several may share one):
    /// every call looks its model up, in catalogs of thousands.
    private let byID: [String: CatalogModel]
    private let byQualified: [String: CatalogModel]
    private let byAPIName: [String: [CatalogModel]]

    public init(models: [CatalogModel], defaults: DefaultModels, policy: DeprecatedModelPolicy) {
        self.models = models
        self.defaults = defaults
        self.policy = policy
        byID = Dictionary(models.map { ($0.id, $0) }) { first, _ in first }
        byQualified = Dictionary(models.map { (Self.qualified($0), $0) }) { first, _ in first }
        byAPIName = Dictionary(grouping: models, by: \.apiName)
    }

    public func resolve(_ name: String, for key: APIKey) throws -> ResolvedModel {
        let model = try find(name)
        try requireAllowed(model, for: key, name: name)
        guard model.status == .deprecated else {
            // Only a model with a date pays for finding today's.
            let notice = model.deprecationDate == nil ? nil : DeprecationNotice.message(for: model, today: CivilDay(utc: Date()))
            return ResolvedModel(model: model, requested: name, warning: notice)
        }
        let replacement = model.replacementModelID.flatMap { byID[$0] }.flatMap { $0.status == .active ? $0 : nil }
        let advice = replacement.map { " Move to '\(Self.qualified($0))'." } ?? ""
        switch policy {
        case .warn:
            return ResolvedModel(model: model, requested: name, warning: "'\(Self.qualified(model))' is deprecated.\(advice)")
        case .redirect:
            guard let replacement else {
                return ResolvedModel(
                    model: model, requested: name, warning: "'\(Self.qualified(model))' is deprecated and has no replacement.")
            }
            try requireAllowed(replacement, for: key, name: Self.qualified(replacement))
            return ResolvedModel(model: replacement, requested: name, redirectedFrom: model)
        case .refuse:
            throw HangarError(
                .gone, code: .modelDeprecated,
                message: "'\(Self.qualified(model))' is deprecated and no longer served.\(advice)")
        }
    }

    /// `provider/api_name`: the name every model can be called by without ambiguity.
    public static func qualified(_ model: CatalogModel) -> String { "\(model.providerID)/\(model.apiName)" }

    private func find(_ name: String) throws -> CatalogModel {
        if let model = byID[name] ?? byQualified[name] { return model }
        let sameAPIName = byAPIName[name] ?? []
        if sameAPIName.count == 1 { return sameAPIName[0] }
        if sameAPIName.count > 1 {
            throw HangarError(
                .notFound, code: .modelNotFound,
                message:
                    "'\(name.prefix(80))' is the API name of \(sameAPIName.count) models; name one as provider/api_name: \(sameAPIName.map(Self.qualified).sorted().joined(separator: ", "))."
            )
        }
        if name == "default" || name.hasPrefix("default:") {
            return try defaultModel(name)
        }
        throw HangarError(
            .notFound, code: .modelNotFound, message: "No model is called '\(name.prefix(80))'.\(suggestions(for: name))")
    }

    private func defaultModel(_ name: String) throws -> CatalogModel {
        let purposeName = name == "default" ? ModelPurpose.chat.rawValue : String(name.dropFirst("default:".count))
        guard let purpose = ModelPurpose(rawValue: purposeName) else {
            throw HangarError(
                .notFound, code: .modelNotFound,
                message:
                    "'\(name.prefix(80))' names no default; use default or default:chat, default:code, default:embedding, default:vision.")
        }
        guard let id = defaults[purpose], let model = byID[id] else {
            throw HangarError(
                .notFound, code: .modelNotFound,
                message: "No default \(purpose.rawValue) model is set (or its connection serves nothing); an admin sets it in Settings.")
        }
        return model
    }

    private func requireAllowed(_ model: CatalogModel, for key: APIKey, name: String) throws {
        if let allowed = key.models, !allowed.contains(model.id) {
            throw HangarError(
                .forbidden, code: .modelNotAllowed,
                message: "This key may not call '\(name.prefix(80))'; ask an admin to add it to the key.")
        }
    }

    /// Up to five names close to `name` (same start, or a few edits away), for the 404.
    private func suggestions(for name: String) -> String {
        let wanted = name.lowercased()
        let scored = models.map { model -> (String, Int) in
            let qualified = Self.qualified(model)
            let distance = min(Self.distance(wanted, model.apiName.lowercased()), Self.distance(wanted, qualified.lowercased()))
            return (qualified, distance)
        }
        let close = scored.filter { $0.1 <= max(2, wanted.count / 3) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5)
        return close.isEmpty ? " List the key's models at GET /v1/models." : " Did you mean: \(close.map(\.0).joined(separator: ", "))?"
    }

    /// Levenshtein distance over characters; names are short.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(200))
        let b = Array(b.prefix(200))
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
