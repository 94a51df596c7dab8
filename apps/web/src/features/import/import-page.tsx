import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import type { ImportResult } from "@tracker/api";
import { Alert, App, Button, Descriptions, Progress, Result, Space, Table, Upload } from "antd";
import { useState } from "react";
import { currentLanguage, useTranslation } from "../../i18n";
import { downloadBase64 } from "../../lib/download";
import { projectWriteTouches } from "../../lib/use-write";
import { useMe } from "../../session/use-me";
import { trpc } from "../../trpc";
import { type ImportPhase, uploadLedger } from "./upload";

type Step =
  | { kind: "idle" }
  | { kind: "working"; dryRun: boolean; phase: ImportPhase; percent: number }
  | { kind: "checked"; result: ImportResult }
  | { kind: "done"; result: ImportResult }
  | { kind: "failed"; message: string };

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The ledger import (台账导入), for the system administrator: download the template, upload the
 * district's ledger, see every problem by row and column or what the import will do, then import it in
 * one go. Large files show their progress: the upload, then the server's checking and writing.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [templating, setTemplating] = useState(false);

  if (me.data && me.data.role !== "admin") {
    return (
      <main className="page">
        <Result status="403" title={t("import.adminOnly")} />
      </main>
    );
  }

  const start = async (chosen: File, dryRun: boolean) => {
    setStep({ kind: "working", dryRun, phase: "upload", percent: 0 });
    try {
      const result = await uploadLedger(chosen, {
        dryRun,
        locale: currentLanguage(),
        onProgress: (phase, percent) => setStep({ kind: "working", dryRun, phase, percent }),
      });
      if (!dryRun && result.ok) {
        // An applied ledger adds or changes projects (and may bring new industries and people to pick).
        await Promise.all(
          [...projectWriteTouches(), trpc.reference.pathFilter()].map((filter) => queryClient.invalidateQueries(filter)),
        );
        setStep({ kind: "done", result });
      } else setStep({ kind: "checked", result });
    } catch (error) {
      setStep({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  };

  const template = async () => {
    setTemplating(true);
    try {
      const data = await queryClient.fetchQuery({ ...trpc.ledger.template.queryOptions(), staleTime: 0, gcTime: 0 });
      downloadBase64(data.base64, data.filename, XLSX);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setTemplating(false);
    }
  };

  const counts = (r: ImportResult) => (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
      <Descriptions.Item label={t("import.rows")}>{r.rows}</Descriptions.Item>
      <Descriptions.Item label={t("import.created")}>{r.created}</Descriptions.Item>
      <Descriptions.Item label={t("import.updated")}>{r.updated}</Descriptions.Item>
      <Descriptions.Item label={t("import.unchanged")}>{r.unchanged}</Descriptions.Item>
      <Descriptions.Item label={t("import.fiveFixed")}>{r.fiveFixedChanged}</Descriptions.Item>
      <Descriptions.Item label={t("import.investors")}>{r.investorsCreated}</Descriptions.Item>
    </Descriptions>
  );

  return (
    <main className="page">
      <section className="panel" aria-labelledby="import-title" style={{ maxWidth: 1100, margin: "0 auto" }}>
        <div style={{ display: "flex", flexWrap: "wrap", gap: 12, alignItems: "center", marginBottom: 12 }}>
          <h1 id="import-title" style={{ margin: 0, marginRight: "auto", fontSize: 18 }}>
            {t("import.title")}
          </h1>
          <Button icon={<DownloadOutlined />} onClick={template} loading={templating}>
            {t("import.template")}
          </Button>
        </div>
        <p className="muted">{t("import.help")}</p>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={step.kind === "working"}
          beforeUpload={(chosen) => {
            setFile(chosen);
            void start(chosen, true);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t("import.drop")}</p>
          <p className="ant-upload-hint">{t("import.hint")}</p>
        </Upload.Dragger>

        <div style={{ marginTop: 16 }} aria-live="polite">
          {step.kind === "working" && (
            <div data-testid="import-progress">
              <Progress percent={step.percent} status="active" />
              <span className="muted">{t(`import.phase.${step.phase}`)}</span>
            </div>
          )}
          {step.kind === "failed" && <Alert type="error" showIcon title={t("import.failed")} description={step.message} />}
          {step.kind === "checked" && step.result.ok && (
            <Space direction="vertical" style={{ width: "100%" }}>
              <Alert type="success" showIcon title={t("import.checkedOk")} />
              {counts(step.result)}
              {step.result.ignoredHeadings.length > 0 && (
                <Alert type="info" showIcon title={t("import.ignored", { columns: step.result.ignoredHeadings.join("、") })} />
              )}
              <Button type="primary" onClick={() => file && start(file, false)}>
                {t("import.confirm", { n: step.result.rows })}
              </Button>
            </Space>
          )}
          {step.kind === "checked" && !step.result.ok && (
            <Space direction="vertical" style={{ width: "100%" }}>
              <Alert
                type="error"
                showIcon
                title={t("import.problems", { n: step.result.problems.length })}
                description={t("import.nothingWritten")}
              />
              <Table
                rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
                size="small"
                dataSource={step.result.problems}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t("import.row"), dataIndex: "row", width: 80 },
                  {
                    title: t("import.column"),
                    dataIndex: "column",
                    width: 140,
                    render: (c: string | null) => c ?? t("common.none"),
                  },
                  { title: t("import.problem"), dataIndex: "message" },
                ]}
              />
            </Space>
          )}
          {step.kind === "done" && (
            <Result
              status="success"
              title={t("import.done", { n: step.result.rows })}
              extra={counts(step.result)}
              style={{ padding: 16 }}
            />
          )}
        </div>
      </section>
    </main>
  );
}
