/// The database schema, one entry per version; `PRAGMA user_version` records how far a file is.
///
/// Append only: a released migration never changes.
enum SQLiteMigrations {
    static let all: [String] = [
        // 1: tenants, tokens, resources, multi-valued indexes, group members, sync log.
        """
        CREATE TABLE tenants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_ms INTEGER NOT NULL
        );
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            expires_ms INTEGER,
            revoked_ms INTEGER,
            last_used_ms INTEGER
        );
        CREATE INDEX tokens_by_prefix ON tokens(prefix);
        CREATE TABLE resources (
            seq INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            id TEXT NOT NULL,
            name_key TEXT NOT NULL,
            display_key TEXT,
            external_id TEXT,
            version INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            modified_ms INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE UNIQUE INDEX resources_by_id ON resources(tenant_id, type, id);
        CREATE UNIQUE INDEX resources_by_name ON resources(tenant_id, type, name_key);
        CREATE INDEX resources_by_external_id ON resources(tenant_id, type, external_id);
        CREATE INDEX resources_by_display ON resources(tenant_id, type, display_key);
        CREATE INDEX resources_by_modified ON resources(tenant_id, type, modified_ms);
        CREATE TABLE resource_values (
            resource_seq INTEGER NOT NULL REFERENCES resources(seq) ON DELETE CASCADE,
            tenant_id INTEGER NOT NULL,
            attribute TEXT NOT NULL,
            value_key TEXT NOT NULL,
            PRIMARY KEY (resource_seq, attribute, value_key)
        ) WITHOUT ROWID;
        CREATE INDEX resource_values_by_value ON resource_values(tenant_id, attribute, value_key);
        CREATE TABLE group_members (
            group_seq INTEGER NOT NULL REFERENCES resources(seq) ON DELETE CASCADE,
            member_seq INTEGER NOT NULL REFERENCES resources(seq) ON DELETE CASCADE,
            PRIMARY KEY (group_seq, member_seq)
        ) WITHOUT ROWID;
        CREATE INDEX group_members_by_member ON group_members(member_seq, group_seq);
        CREATE TABLE sync_log (
            seq INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            time_ms INTEGER NOT NULL,
            correlation_id TEXT,
            client TEXT,
            source_address TEXT,
            operation TEXT NOT NULL,
            resource_type TEXT,
            resource_id TEXT,
            resource_name TEXT,
            external_id TEXT,
            status TEXT NOT NULL,
            error_code TEXT,
            message TEXT NOT NULL,
            changes TEXT,
            details TEXT
        );
        CREATE INDEX sync_log_by_time ON sync_log(tenant_id, time_ms);
        CREATE INDEX sync_log_by_resource ON sync_log(tenant_id, resource_id);
        CREATE INDEX sync_log_by_status ON sync_log(tenant_id, status, time_ms);
        """,
        // 2: role and organization catalogues, group mappings, effective assignments, open mapping errors.
        """
        CREATE TABLE roles (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            description TEXT,
            created_ms INTEGER NOT NULL,
            UNIQUE (tenant_id, name_key)
        );
        CREATE TABLE organizations (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            parent_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
            created_ms INTEGER NOT NULL,
            UNIQUE (tenant_id, name_key)
        );
        CREATE TABLE mappings (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            group_ref TEXT NOT NULL,
            group_key TEXT NOT NULL,
            target_name TEXT NOT NULL,
            target_key TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 100,
            created_ms INTEGER NOT NULL,
            UNIQUE (tenant_id, kind, group_key, target_key)
        );
        CREATE INDEX mappings_by_group ON mappings(tenant_id, group_key);
        CREATE INDEX mappings_by_target ON mappings(tenant_id, kind, target_key);
        CREATE TABLE assignments (
            user_seq INTEGER PRIMARY KEY REFERENCES resources(seq) ON DELETE CASCADE,
            tenant_id INTEGER NOT NULL,
            roles TEXT NOT NULL,
            organization TEXT,
            suspended INTEGER NOT NULL DEFAULT 0,
            updated_ms INTEGER NOT NULL
        );
        CREATE TABLE mapping_errors (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL,
            user_seq INTEGER NOT NULL REFERENCES resources(seq) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            group_key TEXT NOT NULL,
            group_name TEXT NOT NULL,
            target_key TEXT NOT NULL,
            target_name TEXT NOT NULL,
            mapping_id INTEGER,
            reason TEXT NOT NULL,
            log_seq INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            UNIQUE (user_seq, kind, group_key, target_key)
        );
        CREATE INDEX mapping_errors_by_target ON mapping_errors(tenant_id, kind, target_key);
        """,
        // 3: list pages that cost what they return. An index in `seq` order per type serves
        // ORDER BY seq without sorting and lets OFFSET skip index entries only; a per-type row
        // count, kept by triggers in the writing transaction, answers an unfiltered totalResults
        // without counting every row (docs/performance.md).
        """
        CREATE INDEX resources_by_type ON resources(tenant_id, type, seq);
        CREATE TABLE resource_counts (
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, type)
        ) WITHOUT ROWID;
        INSERT INTO resource_counts(tenant_id, type, count)
            SELECT tenant_id, type, count(*) FROM resources GROUP BY tenant_id, type;
        CREATE TRIGGER resources_counted AFTER INSERT ON resources BEGIN
            INSERT INTO resource_counts(tenant_id, type, count) VALUES (NEW.tenant_id, NEW.type, 1)
                ON CONFLICT(tenant_id, type) DO UPDATE SET count = count + 1;
        END;
        CREATE TRIGGER resources_uncounted AFTER DELETE ON resources BEGIN
            UPDATE resource_counts SET count = count - 1 WHERE tenant_id = OLD.tenant_id AND type = OLD.type;
        END;
        """,
        // 4: indexes for the scans that grew with the whole table (pruning by time across tenants,
        // `scimctl log --follow` by seq within a tenant, assignments by tenant), and recompute jobs:
        // assignment recomputes too large for one transaction, run in chunks that survive a restart.
        """
        CREATE INDEX sync_log_by_age ON sync_log(time_ms);
        CREATE INDEX sync_log_by_tenant_seq ON sync_log(tenant_id, seq);
        CREATE INDEX assignments_by_tenant ON assignments(tenant_id);
        CREATE TABLE recompute_jobs (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            group_refs TEXT NOT NULL,
            error_kind TEXT,
            error_target_key TEXT,
            after_seq INTEGER NOT NULL,
            done INTEGER NOT NULL,
            correlation_id TEXT NOT NULL,
            client TEXT NOT NULL,
            source_address TEXT,
            created_ms INTEGER NOT NULL,
            finished_ms INTEGER
        );
        CREATE INDEX recompute_jobs_unfinished ON recompute_jobs(finished_ms, id);
        """,
        // 5: sync scope (requirements §5) and source of truth (§9). Each tenant's scope rules as one
        // JSON document (no row: the defaults); a user's scope state next to its assignment (the
        // reason it is out of scope, or NULL), so leaving and re-entering scope are logged once;
        // recompute jobs over every user of a tenant (a rules change); and where a resource came
        // from: `scim` (the identity provider) or `local` (scimctl / the admin API).
        """
        CREATE TABLE scope_rules (
            tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
            rules TEXT NOT NULL,
            updated_ms INTEGER NOT NULL
        );
        ALTER TABLE assignments ADD COLUMN out_of_scope TEXT;
        ALTER TABLE recompute_jobs ADD COLUMN all_users INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE resources ADD COLUMN source TEXT NOT NULL DEFAULT 'scim';
        """,
        // 6: the application's event outbox (requirements §8). `seq` is the feed's cursor:
        // AUTOINCREMENT so a seq is never handed out twice, even after pruning empties the table
        // (a poller's cursor must never point behind new events). `id` is the idempotency id a
        // deliverer reuses on every retry. `provisioned_users` remembers which users were announced
        // as `user.provisioned`, beside the user rather than in the pruned outbox, so the event is
        // sent once per user; users already in scope when this migration runs are marked, so an
        // upgrade does not announce (and welcome) every existing user again.
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            correlation_id TEXT,
            resource_type TEXT,
            resource_id TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX events_by_tenant_seq ON events(tenant_id, seq);
        CREATE INDEX events_by_type ON events(tenant_id, type, seq);
        CREATE INDEX events_by_age ON events(time_ms);
        CREATE TABLE provisioned_users (
            user_seq INTEGER PRIMARY KEY REFERENCES resources(seq) ON DELETE CASCADE,
            tenant_id INTEGER NOT NULL,
            provisioned_ms INTEGER NOT NULL
        );
        INSERT INTO provisioned_users(user_seq, tenant_id, provisioned_ms)
            SELECT r.seq, r.tenant_id, r.created_ms FROM resources r LEFT JOIN assignments a ON a.user_seq = r.seq
            WHERE r.type = 'User' AND a.out_of_scope IS NULL;
        """,
        // 7: notifications (requirements §8). A subscription carries the deliverer's cursors (the
        // last outbox seq and sync-log seq it has turned into deliveries), moved in the same write
        // transaction that inserts the deliveries, so a restart neither loses nor repeats one. A
        // delivery keeps the exact body it sends, so retries repeat the same bytes under the same
        // idempotency id even after the outbox is pruned; `lease_owner`/`lease_until_ms` let several
        // scimd processes on one file claim work without sending the same delivery twice.
        // `options` is the channel's own settings as JSON (the welcome mail's templates).
        """
        CREATE TABLE subscriptions (
            id TEXT PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            target TEXT NOT NULL,
            secret TEXT,
            event_types TEXT NOT NULL,
            frequency TEXT NOT NULL,
            report_hour INTEGER NOT NULL,
            time_zone TEXT NOT NULL,
            error_window_ms INTEGER NOT NULL,
            batch_size INTEGER NOT NULL,
            event_cursor INTEGER NOT NULL,
            log_cursor INTEGER NOT NULL,
            error_window_start_ms INTEGER,
            last_report_ms INTEGER,
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL,
            options TEXT
        );
        CREATE INDEX subscriptions_by_tenant ON subscriptions(tenant_id, created_ms);
        CREATE TABLE deliveries (
            id TEXT PRIMARY KEY,
            subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
            tenant_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            first_event_seq INTEGER,
            last_event_seq INTEGER,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_ms INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until_ms INTEGER,
            last_error TEXT,
            created_ms INTEGER NOT NULL,
            finished_ms INTEGER
        );
        CREATE INDEX deliveries_due ON deliveries(state, next_attempt_ms);
        CREATE INDEX deliveries_by_subscription ON deliveries(subscription_id, created_ms);
        CREATE INDEX deliveries_by_finish ON deliveries(finished_ms) WHERE finished_ms IS NOT NULL;
        CREATE TABLE delivery_attempts (
            seq INTEGER PRIMARY KEY,
            delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
            subscription_id TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            http_status INTEGER,
            error TEXT
        );
        CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts(delivery_id);
        CREATE INDEX delivery_attempts_by_subscription ON delivery_attempts(subscription_id, seq);
        """,
        // 8: per-tenant request rate limits (requests per second, burst, per-client requests per
        // second); NULL keeps the server's default, so existing tenants change nothing.
        """
        ALTER TABLE tenants ADD COLUMN rate_limit INTEGER;
        ALTER TABLE tenants ADD COLUMN rate_burst INTEGER;
        ALTER TABLE tenants ADD COLUMN client_rate_limit INTEGER;
        """,
        // 9: OAuth 2.0 client credentials (RFC 6749 §4.4). A client has several secrets so an
        // identity provider can rotate without downtime; only their SHA-256 hashes are kept. The
        // signing keys are deployment-wide rows so every process on this file verifies the access
        // tokens another issued (RFC 7515 `kid`) without writing anything per request.
        """
        CREATE TABLE oauth_clients (
            id TEXT PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            token_lifetime_s INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            revoked_ms INTEGER,
            last_token_ms INTEGER
        );
        CREATE UNIQUE INDEX oauth_clients_by_name ON oauth_clients(tenant_id, name_key);
        CREATE TABLE oauth_client_secrets (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
            hash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            expires_ms INTEGER,
            retired_ms INTEGER,
            last_used_ms INTEGER
        );
        CREATE INDEX oauth_client_secrets_by_client ON oauth_client_secrets(client_id, created_ms);
        CREATE TABLE signing_keys (
            kid TEXT PRIMARY KEY,
            algorithm TEXT NOT NULL,
            material TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            retired_ms INTEGER
        );
        """,
        // 10: the key that authenticates pagination cursors (RFC 9865 §5.2: a forged or altered
        // cursor must be detected). One row for the database, so a cursor survives a restart and
        // works on every process sharing the file.
        """
        CREATE TABLE cursor_keys (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            material TEXT NOT NULL,
            created_ms INTEGER NOT NULL
        );
        """,
        // 11: console sessions (docs/decisions/0011-console.md). Only the hash of the session id is
        // kept, like tokens; both expiries are indexed so the pruner deletes without a scan.
        """
        CREATE TABLE console_sessions (
            hash TEXT PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            client TEXT NOT NULL,
            csrf_secret TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            idle_expires_ms INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL
        );
        CREATE INDEX console_sessions_by_idle_expiry ON console_sessions(idle_expires_ms);
        CREATE INDEX console_sessions_by_expiry ON console_sessions(expires_ms);
        """,
        // 12: the credential each console session signed in with, so revoking a token or client
        // ends its sessions at once and an operator token's session may switch tenants
        // (docs/console.md). Sessions from before could not be checked: they end, and their
        // administrators sign in again.
        """
        DELETE FROM console_sessions;
        ALTER TABLE console_sessions ADD COLUMN credential_kind TEXT NOT NULL DEFAULT '';
        ALTER TABLE console_sessions ADD COLUMN credential_id TEXT NOT NULL DEFAULT '';
        """,
    ]
}
