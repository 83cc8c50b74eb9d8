DROP TRIGGER IF EXISTS dashboard_case_changed ON cases;
CREATE CONSTRAINT TRIGGER dashboard_case_changed
    AFTER INSERT OR UPDATE OF county_code, uses, required_departments, deciding_level, declared_approval_level, status,
        submitted_at, accepted_on, closed_at, extended, paused_since, spatial_report ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
DROP TRIGGER IF EXISTS dashboard_case_changed ON review_tasks;
CREATE CONSTRAINT TRIGGER dashboard_case_changed
    AFTER INSERT OR UPDATE OF case_id, stage, level, department, status, created_at, completed_at, completed_by_id, completed_by_name ON review_tasks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
DROP TRIGGER IF EXISTS dashboard_case_changed ON case_pauses;
CREATE CONSTRAINT TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON case_pauses DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
