using System.Globalization;
using System.Text;
using Approvals.Application.BaseMaps.ImportBaseMapLayer;
using Approvals.Application.Identity;
using Approvals.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Approvals.IntegrationTests.Browser;

/// <summary>The administration console's staff pages in a real browser.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class StaffAdministrationBrowserTests(ApprovalsApp app)
{
    private static FilePayload Csv(string content) =>
        new() { Name = "staff.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(content) };

    [Fact]
    public async Task An_administrator_imports_staff_from_a_csv_with_one_bad_row_fixes_it_and_imports()
    {
        var (a, b) = ($"web-{Guid.NewGuid():N}"[..16], $"web-{Guid.NewGuid():N}"[..16]);
        await using var browser = await app.BrowserAs("admin");
        var page = browser.Page;
        await page.GotoAsync("/admin/staff");
        await page.GetByRole(AriaRole.Link, new() { Name = "批量导入" }).First.ClickAsync();

        await page.Locator("#file").SetInputFilesAsync(Csv($"用户名,姓名,角色,行政区划,部门\n{a},孙八,reviewer,140525,用地\n{b},周九,reviewer,140525,水利\n"));
        await page.Locator("#check").ClickAsync();

        var errors = page.Locator("#import-errors tbody tr");
        await Assertions.Expect(errors).ToHaveCountAsync(1);
        await Assertions.Expect(errors.First).ToContainTextAsync("3");
        await Assertions.Expect(errors.First).ToContainTextAsync("部门");
        await Assertions.Expect(errors.First).ToContainTextAsync("没有部门“水利”");
        await browser.ScreenshotAsync("admin-staff-import-refused");

        await page.Locator("#file").SetInputFilesAsync(Csv($"用户名,姓名,角色,行政区划,部门\n{a},孙八,reviewer,140525,用地\n{b},周九,reviewer,140525,林业\n"));
        await page.Locator("#import").ClickAsync();

        await Assertions.Expect(page.Locator("#import-done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#import-created tbody tr")).ToHaveCountAsync(2);
        var oneTime = await page.Locator("#import-created tbody tr").First.Locator("code").InnerTextAsync();

        await page.GotoAsync($"/admin/staff?q={a}");
        await Assertions.Expect(page.Locator($"#staff tr[data-user='{a}']")).ToContainTextAsync("待改一次性密码");
        Assert.Empty(browser.Problems);

        // The new reviewer signs in with the one-time password and is sent to choose their own.
        await using var reviewer = await app.BrowserAs(null);
        await reviewer.SignInAsync(a, oneTime);
        await Assertions.Expect(reviewer.Page.Locator("#password-required")).ToBeVisibleAsync();
        await reviewer.Page.GetByLabel("当前密码").FillAsync(oneTime);
        await reviewer.Page.Locator("#newPassword").FillAsync("Qinshui-River-9");
        await reviewer.Page.Locator("#confirmPassword").FillAsync("Qinshui-River-9");
        await reviewer.Page.Locator("form.form button[type=submit]").ClickAsync();
        await reviewer.Page.WaitForURLAsync(url => !url.Contains("/account/password", StringComparison.Ordinal));
        await reviewer.Page.GotoAsync("/inbox");
        Assert.Contains("/inbox", reviewer.Page.Url);
    }

    [Fact]
    public async Task An_administrator_rolls_a_base_map_category_back_to_its_earlier_version()
    {
        async Task<ImportedBaseMapLayer> ImportAsync(string fileName, double west)
        {
            var ring = string.Create(CultureInfo.InvariantCulture, $"[[{west},35.6],[{west + 0.01},35.6],[{west + 0.01},35.61],[{west},35.61],[{west},35.6]]");
            var geojson = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"" + fileName + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}]}";
            await using var scope = app.Factory.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand("BGR", fileName, Encoding.UTF8.GetBytes(geojson), 4490, "name", true));
        }
        var older = await ImportAsync("bgr-older.geojson", 112.6);
        var newer = await ImportAsync("bgr-newer.geojson", 112.7);
        await using var browser = await app.BrowserAs("admin");
        var page = browser.Page;
        await page.GotoAsync("/admin/layers");
        var category = page.Locator("#category-BGR");
        await Assertions.Expect(category.Locator($"tr[data-version='{newer.Version}'] .status")).ToHaveTextAsync("现行");
        await Assertions.Expect(category.Locator($"tr[data-version='{older.Version}']")).ToContainTextAsync("bgr-older.geojson");

        await category.Locator($"tr[data-version='{older.Version}']").GetByRole(AriaRole.Button, new() { Name = "回退到此版本" }).ClickAsync();

        await Assertions.Expect(page.Locator("#layers-notice")).ToContainTextAsync($"BGR 已回退到第 {older.Version} 版");
        await Assertions.Expect(page.Locator($"#category-BGR tr[data-version='{older.Version}'] .status")).ToHaveTextAsync("现行");
        await Assertions.Expect(page.Locator($"#category-BGR tr[data-version='{newer.Version}'] .status")).ToHaveTextAsync("已停用");
        await browser.ScreenshotAsync("admin-layers-rolled-back");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task An_administrator_uploads_a_base_map_layer_watches_it_import_and_rolls_it_back()
    {
        static string Square(string id, double west) => "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{\"name\":\"公益林 " + id + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" +
            string.Create(CultureInfo.InvariantCulture, $"[[{west},38.7],[{west + 0.01},38.7],[{west + 0.01},38.71],[{west},38.71],[{west},38.7]]") + "]}}";
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ActorAccessor>().Current = Actor.System("test");
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ImportBaseMapLayerCommand("PWF", "pwf-before-upload.geojson",
                Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + Square("PWF-OLD", 111.2) + "]}"), 4490, "name", true));
        }
        var older = await app.Database.ScalarAsync<int>("SELECT version FROM base_map_layers WHERE category_code = 'PWF' AND is_current ORDER BY version DESC LIMIT 1");
        var fileName = $"pwf-browser-{Guid.NewGuid():N}"[..20] + ".geojson";
        var features = string.Join(",", Enumerable.Range(0, 3).Select(i => Square($"PWF-NEW-{i}", 111.3 + i * 0.02)));

        await using var browser = await app.BrowserAs("admin");
        var page = browser.Page;
        await page.GotoAsync("/admin/layers");
        await Assertions.Expect(page.Locator(".lead")).Not.ToContainTextAsync("approvals basemap import");
        await page.GetByLabel("底图类别").SelectOptionAsync("PWF");
        await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = fileName, MimeType = "application/geo+json",
            Buffer = Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}"),
        });
        await page.Locator("#upload-srid").FillAsync("4490");
        await page.Locator("#upload-name-field").FillAsync("name");
        await page.Locator("#upload-replace").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();

        // The upload's bar, then the import's, to the end; the counters say what was written.
        var progress = page.Locator("#import-progress");
        await Assertions.Expect(progress).ToBeVisibleAsync();
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upload-percent")).ToHaveTextAsync("100%");
        await Assertions.Expect(page.Locator("#import-percent")).ToHaveTextAsync("100%");
        Assert.Equal(100, await page.Locator("#upload-bar").EvaluateAsync<double>("bar => bar.value"));
        Assert.Equal(100, await page.Locator("#import-bar").EvaluateAsync<double>("bar => bar.value"));
        await Assertions.Expect(page.Locator("#import-in-file")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#import-read")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#import-written")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#import-refused")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync($"已导入为 PWF 第 {older + 1} 版");
        await Assertions.Expect(page.Locator("#import-report")).ToBeHiddenAsync();

        // The versions table and the recent uploads are drawn anew: the upload is the current version.
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-refreshed", "true");
        var category = page.Locator("#category-PWF");
        await Assertions.Expect(category.Locator($"tr[data-version='{older + 1}'] .status")).ToHaveTextAsync("现行");
        await Assertions.Expect(category.Locator($"tr[data-version='{older + 1}']")).ToContainTextAsync(fileName);
        await Assertions.Expect(category.Locator($"tr[data-version='{older}'] .status")).ToHaveTextAsync("已停用");
        await Assertions.Expect(page.Locator("#imports tbody tr").First).ToContainTextAsync(fileName);
        await Assertions.Expect(page.Locator("#imports tbody tr").First.Locator(".status")).ToHaveTextAsync("已完成");
        await browser.ScreenshotAsync("admin-layers-uploaded");

        await category.Locator($"tr[data-version='{older}']").GetByRole(AriaRole.Button, new() { Name = "回退到此版本" }).ClickAsync();

        await Assertions.Expect(page.Locator("#layers-notice")).ToContainTextAsync($"PWF 已回退到第 {older} 版");
        await Assertions.Expect(page.Locator($"#category-PWF tr[data-version='{older}'] .status")).ToHaveTextAsync("现行");
        await Assertions.Expect(page.Locator($"#category-PWF tr[data-version='{older + 1}'] .status")).ToHaveTextAsync("已停用");
        Assert.Empty(browser.Problems);

        // The province's supervisor sees the uploads, but no form to upload with.
        await using var supervisor = await app.BrowserAs("shanxi.supervisor");
        await supervisor.Page.GotoAsync("/admin/layers");
        await Assertions.Expect(supervisor.Page.Locator("#imports tbody tr").First).ToContainTextAsync(fileName);
        await Assertions.Expect(supervisor.Page.Locator("#layer-upload")).ToHaveCountAsync(0);
        Assert.Empty(supervisor.Problems);
    }
}
