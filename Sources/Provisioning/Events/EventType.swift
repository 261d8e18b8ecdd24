/// Every kind of application event (requirements §8), by the dotted name the feed and a
/// deliverer's payload carry. docs/events.md describes each one's `data`.
public enum EventType: String, Sendable, CaseIterable, Codable {
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    /// `active` went from true to false; sent in addition to `user.updated`.
    case userDeactivated = "user.deactivated"
    /// `active` went from false to true; sent in addition to `user.updated`.
    case userReactivated = "user.reactivated"
    case userDeleted = "user.deleted"
    /// The first time a user is stored and in sync scope, once per user (welcome mails).
    case userProvisioned = "user.provisioned"
    case groupCreated = "group.created"
    case groupUpdated = "group.updated"
    case groupDeleted = "group.deleted"
    /// One per user that joined a group.
    case groupUserAdded = "group.user_added"
    /// One per user that left a group.
    case groupUserRemoved = "group.user_removed"
    /// A user's effective roles or organization changed.
    case assignmentChanged = "assignment.changed"
    /// Reserved: written by the notification deliverer (errors-only digests), not by scimd's writes.
    case syncErrors = "sync.errors"
    /// Reserved: written by the notification deliverer (the daily report), not by scimd's writes.
    case syncReport = "sync.report"

    /// Parses a comma-separated list (`user.created,group.user_added`); an unknown name is
    /// refused with the list of known ones, so a typo does not silently filter out everything.
    public static func parseList(_ text: String) throws(EventTypeListError) -> [EventType] {
        var types: [EventType] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let type = EventType(rawValue: name) else { throw EventTypeListError(name: name) }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }
}

/// A name in an event-type list that is no event type.
public struct EventTypeListError: Error, Sendable {
    public let name: String
    public var message: String {
        "'\(name)' is not an event type; use one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))."
    }
}
