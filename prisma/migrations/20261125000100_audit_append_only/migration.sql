-- Audit entries are append-only: no UPDATE, no DELETE, no TRUNCATE, whoever asks.
CREATE OR REPLACE FUNCTION settle_audit_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEntry is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entry_no_update_delete
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION settle_audit_entry_immutable();

CREATE TRIGGER audit_entry_no_truncate
  BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION settle_audit_entry_immutable();
