//! Settings: the as-of date (also in the top bar), the county's name, the grace periods,
//! the list-age warning and the language; the database's place, backup and restore.

import { today } from "../dates";
import { t } from "../i18n";
import { byId, msgText, type Ctx, type Msg, type Screen } from "./screen";
import { checkedDate } from "./shell";

export class SettingsScreen implements Screen {
  private readonly form = byId<HTMLFormElement>("set-form");
  private readonly asOf = byId<HTMLInputElement>("set-as-of");
  private readonly county = byId<HTMLInputElement>("set-county");
  private readonly newborn = byId<HTMLInputElement>("set-newborn");
  private readonly worker = byId<HTMLInputElement>("set-worker");
  private readonly listAge = byId<HTMLInputElement>("set-list-age");
  private readonly lang = byId<HTMLSelectElement>("set-lang");
  private readonly msg = byId<HTMLElement>("set-msg");
  private readonly db = byId<HTMLElement>("set-db");
  private readonly dataMsg = byId<HTMLElement>("set-data-msg");
  private readonly restoreButton = byId<HTMLButtonElement>("set-restore");
  private message: Msg = null;
  private dataMessage: Msg = null;

  constructor(private readonly ctx: Ctx) {
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.save();
    });
    byId<HTMLButtonElement>("set-backup").addEventListener("click", () => void this.backup());
    this.restoreButton.addEventListener("click", () => void this.restore());
  }

  render(): void {
    const s = this.ctx.store.state;
    const settings = s.settings;
    if (settings && document.activeElement?.closest("#set-form") === null) {
      this.county.value = settings.county;
      this.newborn.value = String(settings.newborn_grace_days);
      this.worker.value = String(settings.worker_grace_days);
      this.listAge.value = String(settings.list_age_warning_days);
    }
    if (document.activeElement !== this.asOf) this.asOf.value = s.asOf;
    this.lang.value = s.lang;
    this.db.textContent = s.dbPath ?? "";
    this.msg.textContent = msgText(this.ctx, this.message);
    this.dataMsg.textContent = msgText(this.ctx, this.dataMessage);
  }

  setBusy(busy: boolean): void {
    this.restoreButton.disabled = busy;
  }

  private async save(): Promise<void> {
    const { ctx } = this;
    const asOf = checkedDate(this.asOf);
    if (asOf === null) {
      this.message = { key: "date.invalid" };
      this.render();
      return;
    }
    await ctx.act(async () => {
      const pairs: [string, string][] = [
        ["county", this.county.value.trim()],
        ["newborn_grace_days", this.newborn.value],
        ["worker_grace_days", this.worker.value],
        ["list_age_warning_days", this.listAge.value],
      ];
      let settings = ctx.store.state.settings;
      for (const [key, value] of pairs) settings = await ctx.api.settingsSet(key, value);
      const lang = this.lang.value === "en" ? "en" : "zh";
      this.message = { key: "set.saved" };
      ctx.store.set({ settings, asOf, lang });
    });
  }

  private async backup(): Promise<void> {
    const { ctx } = this;
    await ctx.act(async () => {
      const stamp = today().replaceAll("-", "");
      const file = await ctx.api.backupDb(t(ctx.store.state.lang, "set.backupTitle"), `enrolgap-备份-${stamp}.sqlite3`);
      if (file) this.dataMessage = { key: "set.backedUp", vars: { file } };
      this.render();
    });
  }

  private async restore(): Promise<void> {
    const { ctx } = this;
    if (!ctx.confirm(t(ctx.store.state.lang, "set.restoreConfirm"))) return;
    await ctx.act(async () => {
      const file = await ctx.api.restoreDb(t(ctx.store.state.lang, "set.restoreTitle"));
      if (!file) return;
      this.dataMessage = { key: "set.restored", vars: { file } };
      await ctx.refreshResults();
    });
  }
}
