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

-- Per day, county, use combination and deciding level: cases received and decided that day, and the received
-- cases' base-map hits (h1..h15) and hit areas in m² (a1..a15), in catalogue order. Kept by a trigger on the facts.
CREATE TABLE dashboard_daily (
    day date NOT NULL,
    county_code varchar(6) NOT NULL,
    uses smallint NOT NULL,
    level smallint NOT NULL,
    received integer NOT NULL DEFAULT 0,
    decided integer NOT NULL DEFAULT 0,
    h1 integer NOT NULL DEFAULT 0,
    h2 integer NOT NULL DEFAULT 0,
    h3 integer NOT NULL DEFAULT 0,
    h4 integer NOT NULL DEFAULT 0,
    h5 integer NOT NULL DEFAULT 0,
    h6 integer NOT NULL DEFAULT 0,
    h7 integer NOT NULL DEFAULT 0,
    h8 integer NOT NULL DEFAULT 0,
    h9 integer NOT NULL DEFAULT 0,
    h10 integer NOT NULL DEFAULT 0,
    h11 integer NOT NULL DEFAULT 0,
    h12 integer NOT NULL DEFAULT 0,
    h13 integer NOT NULL DEFAULT 0,
    h14 integer NOT NULL DEFAULT 0,
    h15 integer NOT NULL DEFAULT 0,
    a1 double precision NOT NULL DEFAULT 0,
    a2 double precision NOT NULL DEFAULT 0,
    a3 double precision NOT NULL DEFAULT 0,
    a4 double precision NOT NULL DEFAULT 0,
    a5 double precision NOT NULL DEFAULT 0,
    a6 double precision NOT NULL DEFAULT 0,
    a7 double precision NOT NULL DEFAULT 0,
    a8 double precision NOT NULL DEFAULT 0,
    a9 double precision NOT NULL DEFAULT 0,
    a10 double precision NOT NULL DEFAULT 0,
    a11 double precision NOT NULL DEFAULT 0,
    a12 double precision NOT NULL DEFAULT 0,
    a13 double precision NOT NULL DEFAULT 0,
    a14 double precision NOT NULL DEFAULT 0,
    a15 double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (day, county_code, uses, level));

-- Decided cases per week of decision, county, use combination, deciding level and day count: metric 0 is the
-- working days from acceptance to decision (with departments and extension), 1–5 the stages (acceptance, county,
-- city and province review, decision). Percentiles over whole weeks read these few rows instead of every case.
CREATE TABLE dashboard_weekly_durations (
    week date NOT NULL,
    county_code varchar(6) NOT NULL,
    uses smallint NOT NULL,
    level smallint NOT NULL,
    departments smallint NOT NULL,
    extended boolean NOT NULL,
    metric smallint NOT NULL,
    days integer NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (metric, week, county_code, uses, level, departments, extended, days));

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

-- Adds (sign 1) or takes back (sign -1) one case's contribution to the daily roll-up.
CREATE FUNCTION dashboard_daily_apply(f dashboard_case_facts, sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dashboard_daily (day, county_code, uses, level, received, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
    VALUES (f.received_on, f.county_code, f.uses, f.level, sign, sign * ((f.hits >> 0) & 1), sign * ((f.hits >> 1) & 1), sign * ((f.hits >> 2) & 1), sign * ((f.hits >> 3) & 1), sign * ((f.hits >> 4) & 1), sign * ((f.hits >> 5) & 1), sign * ((f.hits >> 6) & 1), sign * ((f.hits >> 7) & 1), sign * ((f.hits >> 8) & 1), sign * ((f.hits >> 9) & 1), sign * ((f.hits >> 10) & 1), sign * ((f.hits >> 11) & 1), sign * ((f.hits >> 12) & 1), sign * ((f.hits >> 13) & 1), sign * ((f.hits >> 14) & 1), sign * coalesce(f.hit_areas[1], 0), sign * coalesce(f.hit_areas[2], 0), sign * coalesce(f.hit_areas[3], 0), sign * coalesce(f.hit_areas[4], 0), sign * coalesce(f.hit_areas[5], 0), sign * coalesce(f.hit_areas[6], 0), sign * coalesce(f.hit_areas[7], 0), sign * coalesce(f.hit_areas[8], 0), sign * coalesce(f.hit_areas[9], 0), sign * coalesce(f.hit_areas[10], 0), sign * coalesce(f.hit_areas[11], 0), sign * coalesce(f.hit_areas[12], 0), sign * coalesce(f.hit_areas[13], 0), sign * coalesce(f.hit_areas[14], 0), sign * coalesce(f.hit_areas[15], 0))
    ON CONFLICT (day, county_code, uses, level) DO UPDATE SET received = dashboard_daily.received + EXCLUDED.received, h1 = dashboard_daily.h1 + EXCLUDED.h1, h2 = dashboard_daily.h2 + EXCLUDED.h2, h3 = dashboard_daily.h3 + EXCLUDED.h3, h4 = dashboard_daily.h4 + EXCLUDED.h4, h5 = dashboard_daily.h5 + EXCLUDED.h5, h6 = dashboard_daily.h6 + EXCLUDED.h6, h7 = dashboard_daily.h7 + EXCLUDED.h7, h8 = dashboard_daily.h8 + EXCLUDED.h8, h9 = dashboard_daily.h9 + EXCLUDED.h9, h10 = dashboard_daily.h10 + EXCLUDED.h10, h11 = dashboard_daily.h11 + EXCLUDED.h11, h12 = dashboard_daily.h12 + EXCLUDED.h12, h13 = dashboard_daily.h13 + EXCLUDED.h13, h14 = dashboard_daily.h14 + EXCLUDED.h14, h15 = dashboard_daily.h15 + EXCLUDED.h15, a1 = dashboard_daily.a1 + EXCLUDED.a1, a2 = dashboard_daily.a2 + EXCLUDED.a2, a3 = dashboard_daily.a3 + EXCLUDED.a3, a4 = dashboard_daily.a4 + EXCLUDED.a4, a5 = dashboard_daily.a5 + EXCLUDED.a5, a6 = dashboard_daily.a6 + EXCLUDED.a6, a7 = dashboard_daily.a7 + EXCLUDED.a7, a8 = dashboard_daily.a8 + EXCLUDED.a8, a9 = dashboard_daily.a9 + EXCLUDED.a9, a10 = dashboard_daily.a10 + EXCLUDED.a10, a11 = dashboard_daily.a11 + EXCLUDED.a11, a12 = dashboard_daily.a12 + EXCLUDED.a12, a13 = dashboard_daily.a13 + EXCLUDED.a13, a14 = dashboard_daily.a14 + EXCLUDED.a14, a15 = dashboard_daily.a15 + EXCLUDED.a15;
    INSERT INTO dashboard_daily (day, county_code, uses, level, decided)
    SELECT f.closed_on, f.county_code, f.uses, f.level, sign WHERE f.decided
    ON CONFLICT (day, county_code, uses, level) DO UPDATE SET decided = dashboard_daily.decided + EXCLUDED.decided;
$$;

CREATE FUNCTION dashboard_durations_apply(f dashboard_case_facts, sign integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dashboard_weekly_durations AS w (week, county_code, uses, level, departments, extended, metric, days, n)
    SELECT date_trunc('week', f.closed_on)::date, f.county_code, f.uses, f.level,
           CASE WHEN m.metric = 0 THEN f.departments ELSE 0 END, m.metric = 0 AND f.extended, m.metric, m.days, sign
    FROM (VALUES (0, f.days_to_decision), (1, f.acceptance_days), (2, f.county_days), (3, f.city_days), (4, f.province_days), (5, f.decision_days)) m(metric, days)
    WHERE f.decided AND m.days IS NOT NULL
    ON CONFLICT (metric, week, county_code, uses, level, departments, extended, days) DO UPDATE SET n = w.n + EXCLUDED.n;
$$;

CREATE FUNCTION dashboard_fact_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A bulk refresh rebuilds the roll-up once at its end.
    IF current_setting('dashboard.bulk', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP = 'UPDATE' THEN
        IF (OLD.received_on, OLD.county_code, OLD.uses, OLD.level, OLD.decided, OLD.closed_on, OLD.hits, OLD.hit_areas, OLD.departments,
            OLD.extended, OLD.days_to_decision, OLD.acceptance_days, OLD.county_days, OLD.city_days, OLD.province_days, OLD.decision_days)
           IS NOT DISTINCT FROM (NEW.received_on, NEW.county_code, NEW.uses, NEW.level, NEW.decided, NEW.closed_on, NEW.hits, NEW.hit_areas, NEW.departments,
            NEW.extended, NEW.days_to_decision, NEW.acceptance_days, NEW.county_days, NEW.city_days, NEW.province_days, NEW.decision_days) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM dashboard_daily_apply(OLD, -1); PERFORM dashboard_durations_apply(OLD, -1); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM dashboard_daily_apply(NEW, 1); PERFORM dashboard_durations_apply(NEW, 1); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dashboard_fact_changed AFTER INSERT OR UPDATE OR DELETE ON dashboard_case_facts FOR EACH ROW EXECUTE FUNCTION dashboard_fact_changed();

CREATE FUNCTION dashboard_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    SELECT set_config('dashboard.bulk', CASE WHEN ids IS NULL THEN 'on' ELSE 'off' END, true);
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

    DELETE FROM dashboard_daily WHERE ids IS NULL;
    INSERT INTO dashboard_daily (day, county_code, uses, level, received, decided, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
    SELECT day, county_code, uses, level, sum(received), sum(decided), sum(h1), sum(h2), sum(h3), sum(h4), sum(h5), sum(h6), sum(h7), sum(h8), sum(h9), sum(h10), sum(h11), sum(h12), sum(h13), sum(h14), sum(h15), sum(a1), sum(a2), sum(a3), sum(a4), sum(a5), sum(a6), sum(a7), sum(a8), sum(a9), sum(a10), sum(a11), sum(a12), sum(a13), sum(a14), sum(a15)
    FROM (
        SELECT f.received_on AS day, f.county_code, f.uses, f.level, count(*) AS received, 0 AS decided, sum((f.hits >> 0) & 1), sum((f.hits >> 1) & 1), sum((f.hits >> 2) & 1), sum((f.hits >> 3) & 1), sum((f.hits >> 4) & 1), sum((f.hits >> 5) & 1), sum((f.hits >> 6) & 1), sum((f.hits >> 7) & 1), sum((f.hits >> 8) & 1), sum((f.hits >> 9) & 1), sum((f.hits >> 10) & 1), sum((f.hits >> 11) & 1), sum((f.hits >> 12) & 1), sum((f.hits >> 13) & 1), sum((f.hits >> 14) & 1), sum(coalesce(f.hit_areas[1], 0)), sum(coalesce(f.hit_areas[2], 0)), sum(coalesce(f.hit_areas[3], 0)), sum(coalesce(f.hit_areas[4], 0)), sum(coalesce(f.hit_areas[5], 0)), sum(coalesce(f.hit_areas[6], 0)), sum(coalesce(f.hit_areas[7], 0)), sum(coalesce(f.hit_areas[8], 0)), sum(coalesce(f.hit_areas[9], 0)), sum(coalesce(f.hit_areas[10], 0)), sum(coalesce(f.hit_areas[11], 0)), sum(coalesce(f.hit_areas[12], 0)), sum(coalesce(f.hit_areas[13], 0)), sum(coalesce(f.hit_areas[14], 0)), sum(coalesce(f.hit_areas[15], 0))
        FROM dashboard_case_facts f WHERE ids IS NULL GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT f.closed_on, f.county_code, f.uses, f.level, 0, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        FROM dashboard_case_facts f WHERE ids IS NULL AND f.decided GROUP BY 1, 2, 3, 4) x(day, county_code, uses, level, received, decided, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
    GROUP BY 1, 2, 3, 4;

    DELETE FROM dashboard_weekly_durations WHERE ids IS NULL;
    INSERT INTO dashboard_weekly_durations (week, county_code, uses, level, departments, extended, metric, days, n)
    SELECT date_trunc('week', f.closed_on)::date, f.county_code, f.uses, f.level,
           CASE WHEN m.metric = 0 THEN f.departments ELSE 0 END, m.metric = 0 AND f.extended, m.metric, m.days, count(*)
    FROM dashboard_case_facts f
    CROSS JOIN LATERAL (VALUES (0, f.days_to_decision), (1, f.acceptance_days), (2, f.county_days), (3, f.city_days), (4, f.province_days), (5, f.decision_days)) m(metric, days)
    WHERE ids IS NULL AND f.decided AND m.days IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    SELECT set_config('dashboard.bulk', 'off', true);
$$;

-- Deferred to the commit, inside the same transaction: a workflow step changes a case and several of its tasks,
-- and the case's rows are refreshed once, from their final state (the transaction remembers which cases it did).
CREATE FUNCTION dashboard_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed uuid;
    done text;
BEGIN
    -- NEW has the fields of the table the trigger fired on: cases carry id, the others case_id.
    IF TG_TABLE_NAME = 'cases' THEN
        changed := NEW.id;
    ELSE
        changed := NEW.case_id;
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
    done := coalesce(current_setting('dashboard.refreshed', true), '');
    IF strpos(done, changed::text) > 0 THEN RETURN NULL; END IF;
    PERFORM set_config('dashboard.refreshed', done || changed::text || ',', true);
    PERFORM dashboard_refresh(ARRAY[changed]);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
CREATE CONSTRAINT TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON review_tasks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
CREATE CONSTRAINT TRIGGER dashboard_case_changed AFTER INSERT OR UPDATE ON case_pauses DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_case_changed();
