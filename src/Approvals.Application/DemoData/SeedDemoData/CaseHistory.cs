using Approvals.Application.Cases;
using Approvals.Application.Tasks;
using Approvals.Domain.Naming;
using Approvals.Domain.Calendar;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Approvals.Domain.Jurisdictions;
using Approvals.Domain.Routing;
using Approvals.Domain.UseTypes;

namespace Approvals.Application.DemoData.SeedDemoData;

/// <summary>
/// One generated case's whole life as the workflow would have written it: the case row, its clock pauses,
/// its tasks, its timeline. <see cref="CaseHistorySimulator"/> plays the case forward from its submission
/// without regard to today, then <see cref="CutAt"/> keeps only what had happened by now, so cases
/// submitted recently are still open at the step they have reached.
/// </summary>
internal sealed class CaseHistory
{
    public required Case Case { get; init; }
    public string CityCode { get; init; } = "";
    public List<CasePause> Pauses { get; } = [];
    public List<ReviewTask> Tasks { get; } = [];
    public List<CaseEvent> Events { get; } = [];
    /// <summary>Level of the review round the case is in (the workflow's currentLevel variable).</summary>
    public JurisdictionLevel ReviewLevel { get; set; } = JurisdictionLevel.County;
    public bool Routed { get; set; }
    /// <summary>When the case would be closed (decided, not accepted or withdrawn) if nothing stopped it.</summary>
    public DateTimeOffset? ClosesAt { get; set; }
    public CaseStatus FinalStatus { get; set; }
    public DateTimeOffset? WithdrawAt { get; set; }
    public DateTimeOffset? ExtendAt { get; set; }
    public string? ExtensionReason { get; set; }
    /// <summary>The stage at which a still-open correction was asked (for the workflow's correction variable).</summary>
    public TaskStage? CorrectionAskedAt { get; set; }

    /// <summary>Keeps what had happened by <paramref name="now"/>: later tasks, events and pauses are dropped, running ones stay open.</summary>
    public void CutAt(DateTimeOffset now)
    {
        var c = Case;
        if (WithdrawAt is { } w && w <= now && (ClosesAt is null || w < ClosesAt))
        {
            // The applicant withdrew: every task open at that moment is cancelled, nothing after it happens.
            Tasks.RemoveAll(t => t.CreatedAt > w);
            foreach (var t in Tasks.Where(t => t.CompletedAt is null || t.CompletedAt > w))
            {
                t.Status = ReviewTaskStatus.Cancelled;
                t.CompletedAt = w;
                t.CompletedById = null;
                t.CompletedByName = null;
                t.Outcome = null;
                t.Opinion = null;
                t.Conditions = null;
            }
            Events.RemoveAll(e => e.At > w);
            Pauses.RemoveAll(p => p.From > w);
            foreach (var p in Pauses.Where(p => p.To is null || p.To > w)) p.To = w;
            c.Status = CaseStatus.Withdrawn;
            c.ClosedAt = w;
            c.CurrentLevel = null;
            c.PausedSince = null;
            c.DocumentNumber = null;
            c.DecisionOpinion = null;
            c.DecisionConditions = [];
            c.DecidedAtLevel = null;
            c.DecidedBy = null;
            if (ExtendAt is { } x && x > w) Unextend();
            ClosesAt = w;
            FinalStatus = CaseStatus.Withdrawn;
            return;
        }
        c.WithdrawalReason = null;
        if (ClosesAt is { } closes && closes <= now) return;

        // Still open today.
        ClosesAt = null;
        c.ClosedAt = null;
        c.DocumentNumber = null;
        c.DecisionOpinion = null;
        c.DecisionConditions = [];
        c.DecidedAtLevel = null;
        c.DecidedBy = null;
        if (ExtendAt is null || ExtendAt > now) Unextend();
        Tasks.RemoveAll(t => t.CreatedAt > now);
        foreach (var t in Tasks.Where(t => t.CompletedAt > now))
        {
            t.Status = ReviewTaskStatus.Open;
            t.CompletedAt = null;
            t.CompletedById = null;
            t.CompletedByName = null;
            t.Outcome = null;
            t.Opinion = null;
            t.Conditions = null;
            if (t.ClaimedAt > now)
            {
                t.ClaimedAt = null;
                t.AssigneeId = null;
                t.AssigneeName = null;
            }
            if (t.Stage == TaskStage.Correction) CorrectionAskedAt ??= TaskStage.Review;
        }
        Events.RemoveAll(e => e.At > now);
        Pauses.RemoveAll(p => p.From > now);
        foreach (var p in Pauses.Where(p => p.To > now)) p.To = null;
        if (!Tasks.Any(t => t.Stage == TaskStage.Acceptance && t.Outcome == TaskOutcome.Accept)) c.AcceptedOn = null;

        var open = Tasks.Where(t => t.Status == ReviewTaskStatus.Open).ToList();
        var stage = open.Count > 0 ? open[0].Stage : TaskStage.Acceptance;
        c.Status = stage switch
        {
            TaskStage.Acceptance => CaseStatus.AwaitingAcceptance,
            TaskStage.Review => CaseStatus.UnderReview,
            TaskStage.Decision => CaseStatus.AwaitingDecision,
            _ => CaseStatus.AwaitingCorrection,
        };
        c.CurrentLevel = open.Count > 0 ? open[0].Level : JurisdictionLevel.County;
        c.PausedSince = Pauses.FirstOrDefault(p => p.To is null)?.From;
        if (stage != TaskStage.Correction) CorrectionAskedAt = null;
        if (stage is TaskStage.Review or TaskStage.Decision) ReviewLevel = open[0].Level;
        // The spatial check and routing happen at acceptance: a case still at the window is not routed yet.
        if (c.AcceptedOn is null)
        {
            Routed = false;
            c.SpatialReport = null;
            c.SpatialCheckedAt = null;
            c.DecidingLevel = null;
            c.RequiredDepartments = [];
            c.ForwardToNational = false;
            CorrectionAskedAt = stage == TaskStage.Correction ? TaskStage.Acceptance : null;
        }
    }

    private void Unextend()
    {
        Case.Extended = false;
        Case.ExtensionReason = null;
        Events.RemoveAll(e => e.Kind == "extended");
        ExtendAt = null;
    }

    /// <summary>The case's deadline as the workflow keeps it: from acceptance, pushed back by closed pauses and any extension.</summary>
    public void SetDueDate(WorkingDayCalendar calendar, TimeLimits limits)
    {
        if (Case.AcceptedOn is not { } accepted) { Case.DueOn = null; return; }
        var pauses = Pauses.Where(p => p.To is not null)
            .Select(p => new ClockPause(DateOnly.FromDateTime(CaseHistorySimulator.Local(p.From)), DateOnly.FromDateTime(CaseHistorySimulator.Local(p.To!.Value)), p.Reason))
            .ToList();
        Case.DueOn = calendar.AddWorkingDays(accepted, limits.WholeCaseWith(Case.Extended ? 1 : 0), pauses);
    }
}

/// <summary>The people of one jurisdiction who work the generated tasks.</summary>
internal sealed record DemoStaff(Guid Id, string Name);

/// <summary>Facts of the demo province the simulator draws from.</summary>
internal sealed record HistoryContext(
    WorkingDayCalendar Calendar,
    TimeLimits Limits,
    IReadOnlyDictionary<string, string> CityOfCounty,
    IReadOnlyDictionary<(string Jurisdiction, Department? Department), DemoStaff> Staff,
    DemoStaff Applicant,
    Guid OrganisationId,
    IReadOnlyDictionary<string, string> ActivityNames,
    IReadOnlyDictionary<string, string> JurisdictionNames);

/// <summary>
/// Plays one case forward with seeded randomness: acceptance at the county window (some returned for
/// correction, a few not accepted), the spatial check and routing, each level's joint review from the
/// county up to the deciding level (some slow, some returned for correction), the decision (some refused),
/// and on the way an occasional extension or withdrawal. Times are Beijing office hours on working days.
/// </summary>
internal sealed class CaseHistorySimulator(HistoryContext context)
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private Random random = new(0);
    private int caseIndex;
    private int idCounter;

    public static DateTime Local(DateTimeOffset t) => t.ToOffset(Beijing).DateTime;

    private static readonly string[] ProjectKinds = ["交通", "能源", "水利", "工业", "城镇建设", "矿山开采", "旅游", "农业设施"];
    private static readonly string[] ProjectNames =
    [
        "{0}至{1}公路改建工程", "{0}110千伏输变电工程", "{0}光伏发电项目", "{0}水库除险加固工程", "{0}工业园区标准化厂房",
        "{0}煤矿资源整合项目", "{0}风电场项目", "{0}污水处理厂扩建工程", "{0}铁矿露天开采项目", "{0}森林康养基地",
    ];
    private static readonly string[] Places = ["北留", "金村", "巴公", "大东沟", "南村", "柳树口", "周村", "李寨", "犁川", "晋庙铺", "马村", "寺庄", "东城", "凤城"];
    private static readonly string[] Owners = ["晋城示范能源有限公司", "山西交通建设集团", "国网山西省电力公司", "晋能控股集团", "山西水务投资集团"];
    private static readonly string[] Minerals = ["煤", "铁", "石灰岩", "铝土矿", "建筑用砂"];
    private static readonly string[] ExtensionReasons = ["需组织专家论证", "涉及生态保护红线，需补充论证材料", "需征求相关部门意见", "涉及矿业权人协商"];
    private static readonly string[] CorrectionRequests = ["请补充项目核准文件", "界址点坐标与勘测定界报告不一致，请核对", "请补充林地现状调查报告", "请补充土地复垦方案", "请补充矿业权人同意意见"];
    private static readonly string[] Opinions = ["经审查，符合要求。", "经审查，原则同意。", "经审查，同意按程序办理。", "经审查，基本符合要求。"];
    private static readonly string[] Conditions = ["落实耕地占补平衡", "办理林地使用手续后方可施工", "做好地质灾害防治", "避让饮用水水源保护区"];
    private static readonly string[] WithdrawalReasons = ["项目选址调整", "项目暂缓建设", "建设单位决定重新申报"];

    public CaseHistory Simulate(int index, int seed, DateTimeOffset submittedAt, string countyCode, int caseSequence)
    {
        random = new Random(StableSeed.Mix(seed, index, 0x5EED));
        caseIndex = index;
        idCounter = 0;
        var submitDate = DateOnly.FromDateTime(Local(submittedAt));
        var c = NewCase(index, submittedAt, countyCode, submitDate.Year, caseSequence);
        var h = new CaseHistory { Case = c, CityCode = context.CityOfCounty[countyCode] };
        Event(h, submittedAt, context.Applicant.Name, "submitted", $"提交申请，案件编号 {c.Number}", $"Application submitted as case {c.Number}");

        var fate = random.NextDouble();
        var withdraws = fate < 0.02;
        var refused = fate is >= 0.02 and < 0.10;
        var extends = random.NextDouble() < 0.07;
        var slow = extends || random.NextDouble() < 0.10;
        var reviewCorrectionLevel = random.NextDouble() < 0.08 ? (JurisdictionLevel?)JurisdictionLevel.County + random.Next(0, 3) : null;

        // Acceptance at the county window.
        var t = submittedAt;
        if (random.NextDouble() < 0.06)
        {
            var asked = Task(h, TaskStage.Acceptance, JurisdictionLevel.County, countyCode, null, t, AcceptanceDays(), TaskOutcome.ReturnForCorrection);
            t = Correction(h, asked, TaskStage.Acceptance);
        }
        var (acceptedAt, acceptance) = Task(h, TaskStage.Acceptance, JurisdictionLevel.County, countyCode, null, t,
            AcceptanceDays(), random.NextDouble() < 0.03 ? TaskOutcome.NotAccept : TaskOutcome.Accept);
        if (acceptance.Outcome == TaskOutcome.NotAccept)
        {
            Close(h, acceptedAt, CaseStatus.NotAccepted, JurisdictionLevel.County, acceptance);
            return h;
        }
        c.AcceptedOn = DateOnly.FromDateTime(Local(acceptedAt));
        c.Status = CaseStatus.UnderReview;
        Route(h, acceptedAt);

        if (withdraws) h.WithdrawAt = acceptedAt + TimeSpan.FromDays(random.Next(1, 40)) + TimeSpan.FromMinutes(random.Next(0, 600));
        if (withdraws) c.WithdrawalReason = WithdrawalReasons[random.Next(WithdrawalReasons.Length)];

        // Joint review from the county up to the deciding level.
        t = acceptedAt;
        var deciding = c.DecidingLevel!.Value;
        for (var level = JurisdictionLevel.County; level <= deciding; level++)
        {
            h.ReviewLevel = level;
            var code = level switch { JurisdictionLevel.County => countyCode, JurisdictionLevel.City => h.CityCode, _ => "140000" };
            var askCorrection = reviewCorrectionLevel == level || (reviewCorrectionLevel > deciding && level == deciding);
            var roundEnd = ReviewRound(h, level, code, t, slow, askCorrection);
            if (askCorrection)
            {
                var ask = h.Tasks.Last(x => x.Outcome == TaskOutcome.ReturnForCorrection);
                var resubmitted = Correction(h, (roundEnd, ask), TaskStage.Review);
                Event(h, resubmitted, "系统", "spatial-checked", "落图压占分析完成", "Spatial check done");
                roundEnd = ReviewRound(h, level, code, resubmitted, slow, false);
            }
            if (extends && h.ExtendAt is null)
            {
                h.ExtendAt = t + (roundEnd - t) / 2;
                h.ExtensionReason = ExtensionReasons[random.Next(ExtensionReasons.Length)];
                c.Extended = true;
                c.ExtensionReason = h.ExtensionReason;
                Event(h, h.ExtendAt.Value, context.Staff[(code, null)].Name, "extended",
                    $"办理期限延长 {context.Limits.Extension.Days} 个工作日", $"Time limit extended by {context.Limits.Extension.Days} working days", opinion: h.ExtensionReason);
            }
            t = roundEnd;
            if (level < deciding)
                Event(h, t, "系统", "forwarded", $"{level.Zh()}初审完成，转报{(level + 1).Zh()}审查",
                    $"First review at {level.En()} level done; forwarded to the {(level + 1).En()} level", level: level + 1);
        }

        // The decision at the deciding level, signed by the lead department.
        var lead = Workflows.Activities.CaseTaskActivity.LeadDepartment(c.RequiredDepartments);
        var decidingCode = deciding switch { JurisdictionLevel.County => countyCode, JurisdictionLevel.City => h.CityCode, _ => "140000" };
        var (decidedAt, decision) = Task(h, TaskStage.Decision, deciding, decidingCode, lead, t, random.Next(1, slow ? 9 : 5),
            refused ? TaskOutcome.Refuse : TaskOutcome.Approve);
        Close(h, decidedAt, refused ? CaseStatus.Refused : CaseStatus.Approved, deciding, decision);
        return h;
    }

    private Case NewCase(int index, DateTimeOffset submittedAt, string countyCode, int year, int sequence)
    {
        var place = Places[random.Next(Places.Length)];
        var uses = new List<CaseUse>();
        var roll = random.NextDouble();
        if (roll < 0.88) uses.Add(new CaseUse(UseType.Land, null));
        if (random.NextDouble() < (uses.Count == 0 ? 0.6 : 0.25))
            uses.Add(new CaseUse(UseType.Forest, Math.Round((decimal)(random.NextDouble() * 12 + 0.2), 2), random.NextDouble() < 0.2 ? ForestKind.TimberEconomicOrFuel : ForestKind.Other, ForestUseTerm.Permanent));
        if (random.NextDouble() < 0.12) uses.Add(new CaseUse(UseType.Mineral, null, Mineral: Minerals[random.Next(Minerals.Length)]));
        if (random.NextDouble() < 0.06 || uses.Count == 0) uses.Add(new CaseUse(UseType.Grassland, Math.Round((decimal)(random.NextDouble() * 8 + 0.1), 2), BasicGrassland: false));
        var declared = random.NextDouble() switch { < 0.55 => JurisdictionLevel.County, < 0.85 => JurisdictionLevel.City, _ => JurisdictionLevel.Province };
        var name = string.Format(ProjectNames[random.Next(ProjectNames.Length)], place, Places[random.Next(Places.Length)]);
        return new Case
        {
            Id = NewGuid(), Number = $"{countyCode}-{year}-{sequence:D5}", IdempotencyKey = $"{CaseHistoryGenerator.KeyPrefix}{index}",
            ApplicantUserId = context.Applicant.Id, OrganisationId = context.OrganisationId, CountyCode = countyCode,
            ProjectName = name, ProjectCode = $"{year}-{countyCode}-{random.Next(10, 99)}-{random.Next(1, 99):D2}-{index % 1_000_000:D6}",
            ProjectOwner = Owners[random.Next(Owners.Length)], ProjectType = ProjectKinds[random.Next(ProjectKinds.Length)],
            DeclaredApprovalLevel = declared, InfrastructurePublicOrDefence = random.NextDouble() < 0.4,
            Uses = uses, Status = CaseStatus.AwaitingAcceptance, SubmittedAt = submittedAt, CurrentLevel = JurisdictionLevel.County,
            WorkflowInstanceId = NewGuid(), Version = 1,
        };
    }

    /// <summary>What the spatial check and routing decide: departments and the deciding level (the report itself is written by the generator).</summary>
    private void Route(CaseHistory h, DateTimeOffset at)
    {
        var c = h.Case;
        var departments = c.Uses.Select(u => u.Type switch
        {
            UseType.Land => Department.Land, UseType.Mineral => Department.Mineral, UseType.Forest => Department.Forest, _ => Department.Grassland,
        }).ToHashSet();
        // A hit on forest land adds the forest review to about one case in ten.
        if (!departments.Contains(Department.Forest) && random.NextDouble() < 0.10) departments.Add(Department.Forest);
        c.RequiredDepartments = departments.Order().Select(d => d.ToString()).ToList();
        var level = c.DeclaredApprovalLevel;
        if (random.NextDouble() < 0.08) level = JurisdictionLevel.Province; // a hit on farmland or the red line
        else if (level == JurisdictionLevel.County && random.NextDouble() < 0.15) level = JurisdictionLevel.City;
        c.DecidingLevel = level;
        c.SpatialCheckedAt = at;
        h.Routed = true;
        Event(h, at, "系统", "spatial-checked", "落图压占分析完成", "Spatial check done");
        Event(h, at, "系统", "routed",
            $"审查部门：{string.Join("、", departments.Order().Select(d => d.Zh()))}；决定层级：{level.Zh()}",
            $"Reviewing departments: {string.Join(", ", departments.Order().Select(d => d.En()))}; decided at {level.En()} level");
    }

    /// <summary>One level's joint review: every required department at once; returns when the last one is done.</summary>
    private DateTimeOffset ReviewRound(CaseHistory h, JurisdictionLevel level, string code, DateTimeOffset start, bool slow, bool askCorrection)
    {
        var end = start;
        var departments = h.Case.RequiredDepartments.Select(Enum.Parse<Department>).ToList();
        var asking = askCorrection ? departments[random.Next(departments.Count)] : (Department?)null;
        foreach (var department in departments)
        {
            var days = slow && random.NextDouble() < 0.5 ? random.Next(12, 30) : random.NextDouble() < 0.08 ? random.Next(16, 26) : random.Next(1, 13);
            var outcome = department == asking ? TaskOutcome.ReturnForCorrection
                : random.NextDouble() switch { < 0.82 => TaskOutcome.Agree, < 0.98 => TaskOutcome.AgreeWithConditions, _ => TaskOutcome.Disagree };
            var (done, _) = Task(h, TaskStage.Review, level, code, department, start, days, outcome);
            if (done > end) end = done;
        }
        return end;
    }

    /// <summary>The applicant's correction: the clock pauses from the request until the resubmission.</summary>
    private DateTimeOffset Correction(CaseHistory h, (DateTimeOffset At, ReviewTask Ask) asked, TaskStage stage)
    {
        var from = asked.At;
        h.Pauses.Add(new CasePause { Id = NewGuid(), CaseId = h.Case.Id, From = from, Reason = PauseReasons.Correction });
        var (resubmitted, _) = Task(h, TaskStage.Correction, JurisdictionLevel.County, h.Case.CountyCode, null, from, random.Next(2, 18), TaskOutcome.Resubmit,
            asked.Ask.Opinion);
        h.Pauses[^1].To = resubmitted;
        return resubmitted;
    }

    private int AcceptanceDays() => random.NextDouble() switch { < 0.55 => random.Next(0, 3), < 0.90 => random.Next(3, 6), _ => random.Next(6, 10) };

    /// <summary>A task created at <paramref name="created"/> and completed <paramref name="workingDays"/> working days later.</summary>
    private (DateTimeOffset Completed, ReviewTask Task) Task(CaseHistory h, TaskStage stage, JurisdictionLevel level, string jurisdiction,
        Department? department, DateTimeOffset created, int workingDays, TaskOutcome outcome, string? correctionRequest = null)
    {
        var c = h.Case;
        var createdDate = DateOnly.FromDateTime(Local(created));
        var limit = stage switch
        {
            TaskStage.Acceptance => context.Limits.Acceptance,
            TaskStage.Review when level != c.DecidingLevel => context.Limits.FirstReview,
            _ => context.Limits.LevelReview,
        };
        var completed = At(context.Calendar.AddWorkingDays(createdDate, workingDays), created);
        var worker = stage == TaskStage.Correction ? context.Applicant : context.Staff[(jurisdiction, stage == TaskStage.Acceptance ? null : department)];
        var activity = stage switch
        {
            TaskStage.Acceptance => "acceptance", TaskStage.Correction => "correction", TaskStage.Decision => "decision",
            _ => $"review-{department!.Value.ToString().ToLowerInvariant()}",
        };
        var name = context.ActivityNames[activity] + (stage == TaskStage.Decision ? $"（{department!.Value.Zh()}）" : "");
        var opinion = outcome switch
        {
            TaskOutcome.Resubmit => null,
            TaskOutcome.ReturnForCorrection => CorrectionRequests[random.Next(CorrectionRequests.Length)],
            TaskOutcome.Refuse or TaskOutcome.Disagree => "经审查，项目选址不符合国土空间规划，不同意。",
            TaskOutcome.NotAccept => "申请材料不属于本机关受理范围。",
            _ => Opinions[random.Next(Opinions.Length)],
        };
        var claimed = stage == TaskStage.Correction ? (DateTimeOffset?)null : created + (completed - created) / 4;
        var task = new ReviewTask
        {
            Id = NewGuid(), CaseId = c.Id, WorkflowInstanceId = c.WorkflowInstanceId, BookmarkId = NewGuid(), ActivityId = activity, Name = name,
            Stage = stage, Level = level, JurisdictionCode = jurisdiction, Department = department,
            CandidateRole = TaskScope.CandidateRoleOf(stage),
            OrganisationId = stage == TaskStage.Correction ? c.OrganisationId : null,
            AssigneeId = claimed is null ? null : worker.Id, AssigneeName = claimed is null ? null : worker.Name, ClaimedAt = claimed,
            CreatedAt = created, DueOn = context.Calendar.AddWorkingDays(createdDate, limit),
            RemindOn = context.Calendar.AddWorkingDays(createdDate, context.Limits.ReminderAfter(limit)),
            Status = ReviewTaskStatus.Completed, CompletedAt = completed, CompletedById = worker.Id, CompletedByName = worker.Name,
            Outcome = outcome, Opinion = opinion,
            Conditions = outcome == TaskOutcome.AgreeWithConditions ? Conditions[random.Next(Conditions.Length)] : null,
            CorrectionRequest = correctionRequest, Version = 3,
        };
        h.Tasks.Add(task);
        var outcomeZh = Names.Reached(outcome).Zh;
        Event(h, completed, worker.Name, $"{stage}-{outcome}".ToLowerInvariant(), $"{name}：{outcomeZh}", $"{name}: {Names.Reached(outcome).En}",
            opinion: task.Conditions is null ? opinion : $"{opinion}（条件：{task.Conditions}）", level: level, department: department?.Zh());
        return (completed, task);
    }

    private void Close(CaseHistory h, DateTimeOffset at, CaseStatus result, JurisdictionLevel level, ReviewTask decision)
    {
        var c = h.Case;
        h.ClosesAt = at;
        h.FinalStatus = result;
        c.Status = result;
        c.ClosedAt = at;
        c.CurrentLevel = null;
        c.DecisionOpinion = decision.Opinion;
        c.DecisionConditions = Decisions.ReviewConditions.Lines(decision.Conditions)
            .Select(text => new Decisions.DecisionCondition(text, level, null, null, null, ByDecider: true)).ToList();
        c.DecidedBy = decision.CompletedByName;
        c.DecidedAtLevel = level;
        var (zh, en) = result switch
        {
            CaseStatus.Approved => ($"{level.Zh()}作出预审意见：同意", $"Decided at {level.En()} level: approved"),
            CaseStatus.Refused => ($"{level.Zh()}作出预审意见：不同意", $"Decided at {level.En()} level: refused"),
            _ => ("不予受理", "Not accepted"),
        };
        Event(h, at, decision.CompletedByName ?? "系统", result.ToString().ToLowerInvariant(), zh, en, opinion: decision.Opinion, level: level);
    }

    /// <summary>A time on the working day <paramref name="date"/>: later the same day when it is the day work started, else office hours.</summary>
    private DateTimeOffset At(DateOnly date, DateTimeOffset after)
    {
        var local = Local(after);
        var minute = DateOnly.FromDateTime(local) == date
            ? Math.Min(local.Hour * 60 + local.Minute + random.Next(15, 180), 23 * 60 + 30)
            : random.Next(8 * 60 + 30, 17 * 60 + 30);
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(minute / 60, minute % 60)), Beijing).ToUniversalTime();
    }

    private static void Event(CaseHistory h, DateTimeOffset at, string actor, string kind, string zh, string en,
        string? opinion = null, JurisdictionLevel? level = null, string? department = null) =>
        h.Events.Add(new CaseEvent
        {
            CaseId = h.Case.Id, At = at, Actor = actor, Kind = kind, Summary = zh, SummaryEn = en, Opinion = opinion,
            Level = level, Department = department, VisibleToApplicant = true,
        });

    /// <summary>Ids unique by construction (case index and a counter), random-looking in the rest.</summary>
    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes[..4], caseIndex);
        BitConverter.TryWriteBytes(bytes[9..13], idCounter++);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
