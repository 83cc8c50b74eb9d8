namespace Approvals.Application.Dashboard;

/// <summary>
/// The dashboard's read model in PostgreSQL. One fact row per case keeps its working-day durations
/// (paused time excluded) so that a province supervisor's panels aggregate narrow rows instead of
/// re-deriving them from tasks and pauses for a million cases. Triggers on cases, review_tasks and
/// case_pauses refresh the case's row in the same transaction as the change, whoever makes it (the
/// workflow, an extension, a withdrawal); bulk loads disable them and refresh everything at the end.
/// Working days come from <c>dashboard_calendar</c>, written from the rules' calendar by
/// <see cref="DashboardCalendar"/>: <c>ordinal</c> counts working days up to and including the day, so
/// the working days after a up to and including b are <c>ordinal(b) - ordinal(a)</c>, as
/// <c>WorkingDayCalendar.WorkingDaysBetween</c> counts them.
/// </summary>
public static class DashboardSchema
{
    public const string Create = """
        CREATE TABLE dashboard_calendar (
            day date PRIMARY KEY,
            working boolean NOT NULL,
            ordinal integer NOT NULL);

        CREATE TABLE dashboard_case_facts (
            case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
            county_code varchar(6) NOT NULL,
            uses smallint NOT NULL,
            departments smallint NOT NULL,
            level smallint NOT NULL,
            status varchar(24) NOT NULL,
            is_open boolean NOT NULL,
            received_on date NOT NULL,
            accepted_on date,
            closed_on date,
            decided boolean NOT NULL,
            extended boolean NOT NULL,
            days_to_decision integer,
            acceptance_days integer,
            county_days integer,
            city_days integer,
            province_days integer,
            decision_days integer,
            paused_days integer NOT NULL,
            paused_since date,
            -- Calendar ordinals of the day the clock started and of the day before an open pause: a case's age is then arithmetic.
            start_ordinal integer,
            paused_ordinal integer,
            hits integer NOT NULL,
            hit_areas real[]);
        CREATE INDEX ix_dashboard_case_facts_received ON dashboard_case_facts (received_on);
        CREATE INDEX ix_dashboard_case_facts_closed ON dashboard_case_facts (closed_on) INCLUDE (county_code, uses, level, decided, days_to_decision, extended) WHERE decided;
        CREATE INDEX ix_dashboard_case_facts_open ON dashboard_case_facts (county_code) WHERE is_open;

        CREATE TABLE dashboard_pause_facts (
            pause_id uuid PRIMARY KEY,
            case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            reason varchar(200) NOT NULL,
            from_on date NOT NULL,
            to_on date,
            working_days integer,
            -- The case's filter dimensions, copied so the panel needs no join with a million facts.
            county_code varchar(6),
            uses smallint,
            level smallint);
        CREATE INDEX ix_dashboard_pause_facts_case ON dashboard_pause_facts (case_id);
        CREATE INDEX ix_dashboard_pause_facts_from ON dashboard_pause_facts (from_on);

        -- Tasks completed per person and day: the workload panel reads days, not millions of tasks.
        CREATE TABLE dashboard_workload (
            day date NOT NULL,
            user_id uuid NOT NULL,
            user_name varchar(256) NOT NULL,
            department varchar(16) NOT NULL,
            county_code varchar(6) NOT NULL,
            completed integer NOT NULL,
            PRIMARY KEY (day, user_id, department, county_code));

        -- Working days in (a, b] with the days of the case's pauses taken out.
        CREATE FUNCTION dashboard_clock_days(case_id uuid, a date, b date) RETURNS integer LANGUAGE sql STABLE AS $$
            SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE
                (SELECT ordinal FROM dashboard_calendar WHERE day = b) - (SELECT ordinal FROM dashboard_calendar WHERE day = a)
                - coalesce((SELECT sum(greatest(0,
                      (SELECT ordinal FROM dashboard_calendar WHERE day = least(b, coalesce((p."to" AT TIME ZONE 'Asia/Shanghai')::date, b + 1) - 1))
                    - (SELECT ordinal FROM dashboard_calendar WHERE day = greatest(a + 1, (p."from" AT TIME ZONE 'Asia/Shanghai')::date) - 1)))
                    FROM case_pauses p WHERE p.case_id = dashboard_clock_days.case_id
                      AND (p."from" AT TIME ZONE 'Asia/Shanghai')::date <= b
                      AND (p."to" IS NULL OR (p."to" AT TIME ZONE 'Asia/Shanghai')::date > a + 1)), 0)::integer
            END $$;

        CREATE FUNCTION dashboard_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
            DELETE FROM dashboard_workload WHERE ids IS NULL;
            INSERT INTO dashboard_workload (day, user_id, user_name, department, county_code, completed)
            SELECT (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date, t.completed_by_id, max(coalesce(t.completed_by_name, '')), coalesce(t.department, ''), c.county_code, count(*)
            FROM review_tasks t JOIN cases c ON c.id = t.case_id
            WHERE ids IS NULL AND t.status = 'Completed' AND t.completed_by_id IS NOT NULL AND t.stage <> 'Correction'
            GROUP BY 1, 2, 4, 5;

            DELETE FROM dashboard_pause_facts WHERE ids IS NULL OR case_id = ANY (ids);
            INSERT INTO dashboard_pause_facts (pause_id, case_id, reason, from_on, to_on, working_days)
            SELECT p.id, p.case_id, p.reason, (p."from" AT TIME ZONE 'Asia/Shanghai')::date, (p."to" AT TIME ZONE 'Asia/Shanghai')::date,
                   (SELECT ordinal FROM dashboard_calendar WHERE day = (p."to" AT TIME ZONE 'Asia/Shanghai')::date - 1)
                 - (SELECT ordinal FROM dashboard_calendar WHERE day = (p."from" AT TIME ZONE 'Asia/Shanghai')::date - 1)
            FROM case_pauses p WHERE ids IS NULL OR p.case_id = ANY (ids);

            INSERT INTO dashboard_case_facts AS f (case_id, county_code, uses, departments, level, status, is_open, received_on, accepted_on, closed_on,
                decided, extended, days_to_decision, acceptance_days, county_days, city_days, province_days, decision_days, paused_days, paused_since,
                start_ordinal, paused_ordinal, hits, hit_areas)
            SELECT c.id, c.county_code,
                coalesce((SELECT bit_or(1 << ((u->>'type')::int - 1)) FROM jsonb_array_elements(c.uses) u), 0),
                coalesce((SELECT bit_or(CASE d WHEN 'Land' THEN 1 WHEN 'Mineral' THEN 2 WHEN 'Forest' THEN 4 WHEN 'Grassland' THEN 8 ELSE 0 END) FROM unnest(c.required_departments) d), 0),
                CASE coalesce(c.deciding_level, c.declared_approval_level) WHEN 'County' THEN 1 WHEN 'City' THEN 2 ELSE 3 END,
                c.status, c.closed_at IS NULL,
                (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, c.accepted_on, (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date,
                c.status IN ('Approved', 'Refused'), c.extended,
                CASE WHEN c.status IN ('Approved', 'Refused') THEN dashboard_clock_days(c.id, c.accepted_on, (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date) END,
                dashboard_clock_days(c.id, (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, c.accepted_on),
                dashboard_clock_days(c.id, s.county_from, s.county_to),
                dashboard_clock_days(c.id, s.city_from, s.city_to),
                dashboard_clock_days(c.id, s.province_from, s.province_to),
                dashboard_clock_days(c.id, s.decision_from, s.decision_to),
                coalesce((SELECT sum(pf.working_days) FROM dashboard_pause_facts pf WHERE pf.case_id = c.id AND pf.to_on IS NOT NULL), 0),
                (c.paused_since AT TIME ZONE 'Asia/Shanghai')::date,
                (SELECT ordinal FROM dashboard_calendar WHERE day = coalesce(c.accepted_on, (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date)),
                (SELECT ordinal FROM dashboard_calendar WHERE day = (c.paused_since AT TIME ZONE 'Asia/Shanghai')::date - 1),
                coalesce(h.mask, 0), h.areas
            FROM cases c
            LEFT JOIN LATERAL (
                SELECT
                    (min(t.created_at) FILTER (WHERE t.stage = 'Review' AND t.level = 'County') AT TIME ZONE 'Asia/Shanghai')::date AS county_from,
                    (max(t.completed_at) FILTER (WHERE t.stage = 'Review' AND t.level = 'County' AND t.status = 'Completed') AT TIME ZONE 'Asia/Shanghai')::date AS county_to,
                    (min(t.created_at) FILTER (WHERE t.stage = 'Review' AND t.level = 'City') AT TIME ZONE 'Asia/Shanghai')::date AS city_from,
                    (max(t.completed_at) FILTER (WHERE t.stage = 'Review' AND t.level = 'City' AND t.status = 'Completed') AT TIME ZONE 'Asia/Shanghai')::date AS city_to,
                    (min(t.created_at) FILTER (WHERE t.stage = 'Review' AND t.level = 'Province') AT TIME ZONE 'Asia/Shanghai')::date AS province_from,
                    (max(t.completed_at) FILTER (WHERE t.stage = 'Review' AND t.level = 'Province' AND t.status = 'Completed') AT TIME ZONE 'Asia/Shanghai')::date AS province_to,
                    (min(t.created_at) FILTER (WHERE t.stage = 'Decision') AT TIME ZONE 'Asia/Shanghai')::date AS decision_from,
                    (max(t.completed_at) FILTER (WHERE t.stage = 'Decision' AND t.status = 'Completed') AT TIME ZONE 'Asia/Shanghai')::date AS decision_to
                FROM review_tasks t WHERE t.case_id = c.id) s ON true
            LEFT JOIN LATERAL (
                SELECT bit_or(1 << (o.n::int - 1)) FILTER (WHERE o.cat->>'status' = 'intersects') AS mask,
                       array_agg(CASE WHEN o.cat->>'status' = 'intersects' THEN (o.cat->>'overlapM2')::real ELSE 0 END ORDER BY o.n) AS areas
                FROM jsonb_array_elements(c.spatial_report->'categories') WITH ORDINALITY o(cat, n)) h ON c.spatial_report IS NOT NULL
            WHERE ids IS NULL OR c.id = ANY (ids)
            ON CONFLICT (case_id) DO UPDATE SET county_code = EXCLUDED.county_code, uses = EXCLUDED.uses, departments = EXCLUDED.departments,
                level = EXCLUDED.level, status = EXCLUDED.status, is_open = EXCLUDED.is_open, received_on = EXCLUDED.received_on,
                accepted_on = EXCLUDED.accepted_on, closed_on = EXCLUDED.closed_on, decided = EXCLUDED.decided, extended = EXCLUDED.extended,
                days_to_decision = EXCLUDED.days_to_decision, acceptance_days = EXCLUDED.acceptance_days, county_days = EXCLUDED.county_days,
                city_days = EXCLUDED.city_days, province_days = EXCLUDED.province_days, decision_days = EXCLUDED.decision_days,
                paused_days = EXCLUDED.paused_days, paused_since = EXCLUDED.paused_since, start_ordinal = EXCLUDED.start_ordinal,
                paused_ordinal = EXCLUDED.paused_ordinal, hits = EXCLUDED.hits, hit_areas = EXCLUDED.hit_areas;

            UPDATE dashboard_pause_facts p SET county_code = f.county_code, uses = f.uses, level = f.level
            FROM dashboard_case_facts f WHERE f.case_id = p.case_id AND (ids IS NULL OR p.case_id = ANY (ids));
        $$;

        CREATE FUNCTION dashboard_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- NEW has the fields of the table the trigger fired on: cases carry id, the others case_id.
            IF TG_TABLE_NAME = 'cases' THEN
                PERFORM dashboard_refresh(ARRAY[NEW.id]);
            ELSE
                PERFORM dashboard_refresh(ARRAY[NEW.case_id]);
            END IF;
            -- Nested: a condition naming review_tasks' fields must not be evaluated for the other tables.
            IF TG_TABLE_NAME = 'review_tasks' THEN
                IF NEW.status = 'Completed' AND NEW.completed_by_id IS NOT NULL AND NEW.stage <> 'Correction'
                   AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'Completed') THEN
                    INSERT INTO dashboard_workload (day, user_id, user_name, department, county_code, completed)
                    SELECT (NEW.completed_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.completed_by_id, coalesce(NEW.completed_by_name, ''),
                           coalesce(NEW.department, ''), c.county_code, 1
                    FROM cases c WHERE c.id = NEW.case_id
                    ON CONFLICT (day, user_id, department, county_code) DO UPDATE SET completed = dashboard_workload.completed + 1;
                END IF;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
        CREATE TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON review_tasks FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
        CREATE TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON case_pauses FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS dashboard_case_changed ON cases;
        DROP TRIGGER IF EXISTS dashboard_case_changed ON review_tasks;
        DROP TRIGGER IF EXISTS dashboard_case_changed ON case_pauses;
        DROP FUNCTION IF EXISTS dashboard_case_changed();
        DROP FUNCTION IF EXISTS dashboard_refresh(uuid[]);
        DROP FUNCTION IF EXISTS dashboard_clock_days(uuid, date, date);
        DROP TABLE IF EXISTS dashboard_pause_facts;
        DROP TABLE IF EXISTS dashboard_workload;
        DROP TABLE IF EXISTS dashboard_case_facts;
        DROP TABLE IF EXISTS dashboard_calendar;
        """;

    /// <summary>Bulk loads switch the per-row refresh off and refresh every case once at the end.</summary>
    public const string DisableTriggers = """
        ALTER TABLE cases DISABLE TRIGGER dashboard_case_changed;
        ALTER TABLE review_tasks DISABLE TRIGGER dashboard_case_changed;
        ALTER TABLE case_pauses DISABLE TRIGGER dashboard_case_changed;
        """;

    public const string EnableTriggers = """
        ALTER TABLE cases ENABLE TRIGGER dashboard_case_changed;
        ALTER TABLE review_tasks ENABLE TRIGGER dashboard_case_changed;
        ALTER TABLE case_pauses ENABLE TRIGGER dashboard_case_changed;
        """;
}
