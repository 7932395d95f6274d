/// Greedy clustering of sessions by ``FeatureProfile``, for ``AnalyticsGrouping/feature``.
///
/// Sessions are taken in order of most client events first (then by id), each joining the first
/// cluster whose centroid is at least ``FeatureProfile/similarityThreshold`` similar, else starting a
/// new one; a centroid is the running mean of its members' profiles. A cluster is named by its
/// centroid's top three types (`tool.call+user.prompt+error`); clusters that come out with the same
/// name are reported as one. Equal inputs give equal clusters, in any input order.
enum FeatureClustering {
    struct Cluster {
        /// The top three types of the centroid joined by `+`, or ``noEventsKey``.
        var key: String
        /// Up to five types of the centroid with their share of its weight, largest first.
        var types: [AnalyticsGroup.TypeShare]
        var sessions: [AnalyticsSession]
    }

    /// The key of the sessions without client events.
    static let noEventsKey = "(no events)"

    /// Clusters `sessions`, largest sessions' clusters first; `(no events)` last if any.
    static func clusters(_ sessions: [AnalyticsSession]) -> [Cluster] {
        let profiled = sessions.map { (session: $0, profile: FeatureProfile(eventTypes: $0.eventTypes)) }
            .sorted { a, b in
                a.profile.events != b.profile.events ? a.profile.events > b.profile.events : a.session.id.lowercased < b.session.id.lowercased
            }
        var centroids: [[String: Double]] = []
        var members: [[AnalyticsSession]] = []
        var empty: [AnalyticsSession] = []
        for (session, profile) in profiled {
            guard !profile.isEmpty else {
                empty.append(session)
                continue
            }
            if let index = centroids.firstIndex(where: { FeatureProfile.cosine(profile.weights, $0) >= FeatureProfile.similarityThreshold }) {
                members[index].append(session)
                centroids[index] = mean(centroids[index], count: members[index].count - 1, adding: profile.weights)
            } else {
                centroids.append(profile.weights)
                members.append([session])
            }
        }
        // Merge clusters whose names coincide: their weighted mean keeps the same top-three order.
        var byKey: [String: (centroid: [String: Double], sessions: [AnalyticsSession])] = [:]
        var order: [String] = []
        for (centroid, sessions) in zip(centroids, members) {
            let key = ranked(centroid).prefix(3).map(\.type).joined(separator: "+")
            if let existing = byKey[key] {
                let total = Double(existing.sessions.count + sessions.count)
                var merged = existing.centroid.mapValues { $0 * Double(existing.sessions.count) / total }
                for (type, weight) in centroid { merged[type, default: 0] += weight * Double(sessions.count) / total }
                byKey[key] = (merged, existing.sessions + sessions)
            } else {
                byKey[key] = (centroid, sessions)
                order.append(key)
            }
        }
        var result = order.map { key in
            let (centroid, sessions) = byKey[key]!
            return Cluster(key: key, types: shares(centroid), sessions: sessions)
        }
        if !empty.isEmpty { result.append(Cluster(key: noEventsKey, types: [], sessions: empty)) }
        return result
    }

    /// The running mean of `count` profiles with `weights` added.
    private static func mean(_ centroid: [String: Double], count: Int, adding weights: [String: Double]) -> [String: Double] {
        let n = Double(count + 1)
        var next = centroid.mapValues { $0 * Double(count) / n }
        for (type, weight) in weights { next[type, default: 0] += weight / n }
        return next
    }

    /// The centroid's types, heaviest first, then by name.
    private static func ranked(_ centroid: [String: Double]) -> [(type: String, weight: Double)] {
        centroid.map { (type: $0.key, weight: $0.value) }.sorted {
            $0.weight != $1.weight ? $0.weight > $1.weight : JSONWriter.utf8Less($0.type, $1.type)
        }
    }

    /// The top five types with their share of the centroid's total weight, rounded to 4 decimals.
    private static func shares(_ centroid: [String: Double]) -> [AnalyticsGroup.TypeShare] {
        let ranked = ranked(centroid)
        var total = 0.0
        for entry in ranked.reversed() { total += entry.weight }
        guard total > 0 else { return [] }
        return ranked.prefix(5).map { AnalyticsGroup.TypeShare(type: $0.type, share: ($0.weight / total * 10_000).rounded() / 10_000) }
    }
}
