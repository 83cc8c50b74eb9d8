-- Working days in (a, b] with the days of the case's pauses taken out.
CREATE OR REPLACE FUNCTION dashboard_clock_days(case_id uuid, a date, b date) RETURNS integer LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE
        (SELECT ordinal FROM dashboard_calendar WHERE day = b) - (SELECT ordinal FROM dashboard_calendar WHERE day = a)
        - coalesce((SELECT sum(greatest(0,
              (SELECT ordinal FROM dashboard_calendar WHERE day = least(b, coalesce((p."to" AT TIME ZONE 'Asia/Shanghai')::date, b + 1) - 1))
            - (SELECT ordinal FROM dashboard_calendar WHERE day = greatest(a + 1, (p."from" AT TIME ZONE 'Asia/Shanghai')::date) - 1)))
            FROM case_pauses p WHERE p.case_id = dashboard_clock_days.case_id
              AND (p."from" AT TIME ZONE 'Asia/Shanghai')::date <= b
              AND (p."to" IS NULL OR (p."to" AT TIME ZONE 'Asia/Shanghai')::date > a + 1)), 0)::integer
    END;
END $$;

-- Adds (sign 1) or takes back (sign -1) one case's contribution to the daily roll-up.
CREATE OR REPLACE FUNCTION dashboard_daily_apply(f dashboard_case_facts, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dashboard_daily (day, county_code, uses, level, received, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
    VALUES (f.received_on, f.county_code, f.uses, f.level, sign, sign * ((f.hits >> 0) & 1), sign * ((f.hits >> 1) & 1), sign * ((f.hits >> 2) & 1), sign * ((f.hits >> 3) & 1), sign * ((f.hits >> 4) & 1), sign * ((f.hits >> 5) & 1), sign * ((f.hits >> 6) & 1), sign * ((f.hits >> 7) & 1), sign * ((f.hits >> 8) & 1), sign * ((f.hits >> 9) & 1), sign * ((f.hits >> 10) & 1), sign * ((f.hits >> 11) & 1), sign * ((f.hits >> 12) & 1), sign * ((f.hits >> 13) & 1), sign * ((f.hits >> 14) & 1), sign * coalesce(f.hit_areas[1], 0), sign * coalesce(f.hit_areas[2], 0), sign * coalesce(f.hit_areas[3], 0), sign * coalesce(f.hit_areas[4], 0), sign * coalesce(f.hit_areas[5], 0), sign * coalesce(f.hit_areas[6], 0), sign * coalesce(f.hit_areas[7], 0), sign * coalesce(f.hit_areas[8], 0), sign * coalesce(f.hit_areas[9], 0), sign * coalesce(f.hit_areas[10], 0), sign * coalesce(f.hit_areas[11], 0), sign * coalesce(f.hit_areas[12], 0), sign * coalesce(f.hit_areas[13], 0), sign * coalesce(f.hit_areas[14], 0), sign * coalesce(f.hit_areas[15], 0))
    ON CONFLICT (day, county_code, uses, level) DO UPDATE SET received = dashboard_daily.received + EXCLUDED.received, h1 = dashboard_daily.h1 + EXCLUDED.h1, h2 = dashboard_daily.h2 + EXCLUDED.h2, h3 = dashboard_daily.h3 + EXCLUDED.h3, h4 = dashboard_daily.h4 + EXCLUDED.h4, h5 = dashboard_daily.h5 + EXCLUDED.h5, h6 = dashboard_daily.h6 + EXCLUDED.h6, h7 = dashboard_daily.h7 + EXCLUDED.h7, h8 = dashboard_daily.h8 + EXCLUDED.h8, h9 = dashboard_daily.h9 + EXCLUDED.h9, h10 = dashboard_daily.h10 + EXCLUDED.h10, h11 = dashboard_daily.h11 + EXCLUDED.h11, h12 = dashboard_daily.h12 + EXCLUDED.h12, h13 = dashboard_daily.h13 + EXCLUDED.h13, h14 = dashboard_daily.h14 + EXCLUDED.h14, h15 = dashboard_daily.h15 + EXCLUDED.h15, a1 = dashboard_daily.a1 + EXCLUDED.a1, a2 = dashboard_daily.a2 + EXCLUDED.a2, a3 = dashboard_daily.a3 + EXCLUDED.a3, a4 = dashboard_daily.a4 + EXCLUDED.a4, a5 = dashboard_daily.a5 + EXCLUDED.a5, a6 = dashboard_daily.a6 + EXCLUDED.a6, a7 = dashboard_daily.a7 + EXCLUDED.a7, a8 = dashboard_daily.a8 + EXCLUDED.a8, a9 = dashboard_daily.a9 + EXCLUDED.a9, a10 = dashboard_daily.a10 + EXCLUDED.a10, a11 = dashboard_daily.a11 + EXCLUDED.a11, a12 = dashboard_daily.a12 + EXCLUDED.a12, a13 = dashboard_daily.a13 + EXCLUDED.a13, a14 = dashboard_daily.a14 + EXCLUDED.a14, a15 = dashboard_daily.a15 + EXCLUDED.a15;
    INSERT INTO dashboard_daily (day, county_code, uses, level, decided)
    SELECT f.closed_on, f.county_code, f.uses, f.level, sign WHERE f.decided
    ON CONFLICT (day, county_code, uses, level) DO UPDATE SET decided = dashboard_daily.decided + EXCLUDED.decided;
END $$;

CREATE OR REPLACE FUNCTION dashboard_durations_apply(f dashboard_case_facts, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dashboard_weekly_durations AS w (week, county_code, uses, level, departments, extended, metric, days, n)
    SELECT date_trunc('week', f.closed_on)::date, f.county_code, f.uses, f.level,
           CASE WHEN m.metric = 0 THEN f.departments ELSE 0 END, m.metric = 0 AND f.extended, m.metric, m.days, sign
    FROM (VALUES (0, f.days_to_decision), (1, f.acceptance_days), (2, f.county_days), (3, f.city_days), (4, f.province_days), (5, f.decision_days)) m(metric, days)
    WHERE f.decided AND m.days IS NOT NULL
    ON CONFLICT (metric, week, county_code, uses, level, departments, extended, days) DO UPDATE SET n = w.n + EXCLUDED.n;
END $$;

CREATE OR REPLACE FUNCTION dashboard_fact_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- A case's fact row and its pauses' rows as they should be now, derived from cases, tasks and pauses.
CREATE OR REPLACE VIEW dashboard_case_facts_source (case_id, county_code, uses, departments, level, status, is_open, received_on, accepted_on, closed_on,
    decided, extended, days_to_decision, acceptance_days, county_days, city_days, province_days, decision_days, paused_days, paused_since,
    start_ordinal, paused_ordinal, hits, hit_areas) AS
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
        FROM jsonb_array_elements(c.spatial_report->'categories') WITH ORDINALITY o(cat, n)) h ON c.spatial_report IS NOT NULL;

CREATE OR REPLACE VIEW dashboard_pause_facts_source (pause_id, case_id, reason, from_on, to_on, working_days) AS
    SELECT p.id, p.case_id, p.reason, (p."from" AT TIME ZONE 'Asia/Shanghai')::date, (p."to" AT TIME ZONE 'Asia/Shanghai')::date,
           (SELECT ordinal FROM dashboard_calendar WHERE day = (p."to" AT TIME ZONE 'Asia/Shanghai')::date - 1)
         - (SELECT ordinal FROM dashboard_calendar WHERE day = (p."from" AT TIME ZONE 'Asia/Shanghai')::date - 1)
    FROM case_pauses p;

-- Refreshes the read model: with ids, those cases' rows (the triggers' path, once per case and transaction);
-- with NULL, everything, roll-ups included (after bulk loads and calendar changes). PL/pgSQL keeps each
-- statement's plan for the session; a SQL function planned its statements on every call, which cost a
-- workflow step about 8 ms.
CREATE OR REPLACE FUNCTION dashboard_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NOT NULL THEN
        DELETE FROM dashboard_pause_facts WHERE case_id = ANY (ids);
        INSERT INTO dashboard_pause_facts (pause_id, case_id, reason, from_on, to_on, working_days)
        SELECT pause_id, case_id, reason, from_on, to_on, working_days FROM dashboard_pause_facts_source WHERE case_id = ANY (ids);
        -- An upsert, so that the facts' trigger sees the old and new row and moves the roll-ups by the difference.
        INSERT INTO dashboard_case_facts AS f (case_id, county_code, uses, departments, level, status, is_open, received_on, accepted_on, closed_on,
            decided, extended, days_to_decision, acceptance_days, county_days, city_days, province_days, decision_days, paused_days, paused_since,
            start_ordinal, paused_ordinal, hits, hit_areas)
        SELECT case_id, county_code, uses, departments, level, status, is_open, received_on, accepted_on, closed_on,
            decided, extended, days_to_decision, acceptance_days, county_days, city_days, province_days, decision_days, paused_days, paused_since,
            start_ordinal, paused_ordinal, hits, hit_areas FROM dashboard_case_facts_source WHERE case_id = ANY (ids)
        ON CONFLICT (case_id) DO UPDATE SET county_code = EXCLUDED.county_code, uses = EXCLUDED.uses, departments = EXCLUDED.departments,
            level = EXCLUDED.level, status = EXCLUDED.status, is_open = EXCLUDED.is_open, received_on = EXCLUDED.received_on,
            accepted_on = EXCLUDED.accepted_on, closed_on = EXCLUDED.closed_on, decided = EXCLUDED.decided, extended = EXCLUDED.extended,
            days_to_decision = EXCLUDED.days_to_decision, acceptance_days = EXCLUDED.acceptance_days, county_days = EXCLUDED.county_days,
            city_days = EXCLUDED.city_days, province_days = EXCLUDED.province_days, decision_days = EXCLUDED.decision_days,
            paused_days = EXCLUDED.paused_days, paused_since = EXCLUDED.paused_since, start_ordinal = EXCLUDED.start_ordinal,
            paused_ordinal = EXCLUDED.paused_ordinal, hits = EXCLUDED.hits, hit_areas = EXCLUDED.hit_areas;
        UPDATE dashboard_pause_facts p SET county_code = f.county_code, uses = f.uses, level = f.level
        FROM dashboard_case_facts f WHERE f.case_id = p.case_id AND p.case_id = ANY (ids);
        RETURN;
    END IF;

    PERFORM set_config('dashboard.bulk', 'on', true);
    DELETE FROM dashboard_workload;
    INSERT INTO dashboard_workload (day, user_id, user_name, department, county_code, completed)
    SELECT (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date, t.completed_by_id, max(coalesce(t.completed_by_name, '')), coalesce(t.department, ''), c.county_code, count(*)
    FROM review_tasks t JOIN cases c ON c.id = t.case_id
    WHERE t.status = 'Completed' AND t.completed_by_id IS NOT NULL AND t.stage <> 'Correction'
    GROUP BY 1, 2, 4, 5;

    DELETE FROM dashboard_pause_facts;
    INSERT INTO dashboard_pause_facts (pause_id, case_id, reason, from_on, to_on, working_days)
    SELECT pause_id, case_id, reason, from_on, to_on, working_days FROM dashboard_pause_facts_source;

    DELETE FROM dashboard_case_facts;
    INSERT INTO dashboard_case_facts (case_id, county_code, uses, departments, level, status, is_open, received_on, accepted_on, closed_on,
        decided, extended, days_to_decision, acceptance_days, county_days, city_days, province_days, decision_days, paused_days, paused_since,
        start_ordinal, paused_ordinal, hits, hit_areas)
    SELECT case_id, county_code, uses, departments, level, status, is_open, received_on, accepted_on, closed_on,
        decided, extended, days_to_decision, acceptance_days, county_days, city_days, province_days, decision_days, paused_days, paused_since,
        start_ordinal, paused_ordinal, hits, hit_areas FROM dashboard_case_facts_source;

    UPDATE dashboard_pause_facts p SET county_code = f.county_code, uses = f.uses, level = f.level
    FROM dashboard_case_facts f WHERE f.case_id = p.case_id;

    DELETE FROM dashboard_daily;
    INSERT INTO dashboard_daily (day, county_code, uses, level, received, decided, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
    SELECT day, county_code, uses, level, sum(received), sum(decided), sum(h1), sum(h2), sum(h3), sum(h4), sum(h5), sum(h6), sum(h7), sum(h8), sum(h9), sum(h10), sum(h11), sum(h12), sum(h13), sum(h14), sum(h15), sum(a1), sum(a2), sum(a3), sum(a4), sum(a5), sum(a6), sum(a7), sum(a8), sum(a9), sum(a10), sum(a11), sum(a12), sum(a13), sum(a14), sum(a15)
    FROM (
        SELECT f.received_on AS day, f.county_code, f.uses, f.level, count(*) AS received, 0 AS decided, sum((f.hits >> 0) & 1), sum((f.hits >> 1) & 1), sum((f.hits >> 2) & 1), sum((f.hits >> 3) & 1), sum((f.hits >> 4) & 1), sum((f.hits >> 5) & 1), sum((f.hits >> 6) & 1), sum((f.hits >> 7) & 1), sum((f.hits >> 8) & 1), sum((f.hits >> 9) & 1), sum((f.hits >> 10) & 1), sum((f.hits >> 11) & 1), sum((f.hits >> 12) & 1), sum((f.hits >> 13) & 1), sum((f.hits >> 14) & 1), sum(coalesce(f.hit_areas[1], 0)), sum(coalesce(f.hit_areas[2], 0)), sum(coalesce(f.hit_areas[3], 0)), sum(coalesce(f.hit_areas[4], 0)), sum(coalesce(f.hit_areas[5], 0)), sum(coalesce(f.hit_areas[6], 0)), sum(coalesce(f.hit_areas[7], 0)), sum(coalesce(f.hit_areas[8], 0)), sum(coalesce(f.hit_areas[9], 0)), sum(coalesce(f.hit_areas[10], 0)), sum(coalesce(f.hit_areas[11], 0)), sum(coalesce(f.hit_areas[12], 0)), sum(coalesce(f.hit_areas[13], 0)), sum(coalesce(f.hit_areas[14], 0)), sum(coalesce(f.hit_areas[15], 0))
        FROM dashboard_case_facts f GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT f.closed_on, f.county_code, f.uses, f.level, 0, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        FROM dashboard_case_facts f WHERE f.decided GROUP BY 1, 2, 3, 4) x(day, county_code, uses, level, received, decided, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)
    GROUP BY 1, 2, 3, 4;

    DELETE FROM dashboard_weekly_durations;
    INSERT INTO dashboard_weekly_durations (week, county_code, uses, level, departments, extended, metric, days, n)
    SELECT date_trunc('week', f.closed_on)::date, f.county_code, f.uses, f.level,
           CASE WHEN m.metric = 0 THEN f.departments ELSE 0 END, m.metric = 0 AND f.extended, m.metric, m.days, count(*)
    FROM dashboard_case_facts f
    CROSS JOIN LATERAL (VALUES (0, f.days_to_decision), (1, f.acceptance_days), (2, f.county_days), (3, f.city_days), (4, f.province_days), (5, f.decision_days)) m(metric, days)
    WHERE f.decided AND m.days IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    PERFORM set_config('dashboard.bulk', 'off', true);
END $$;

-- Deferred to the commit, inside the same transaction: a workflow step changes a case and several of its tasks,
-- and the case's rows are refreshed once, from their final state (the transaction remembers which cases it did).
CREATE OR REPLACE FUNCTION dashboard_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
