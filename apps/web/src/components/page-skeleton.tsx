import { Skeleton } from "antd";

export function PageSkeleton() {
  return (
    <div className="page" aria-busy="true">
      <Skeleton active paragraph={{ rows: 8 }} />
    </div>
  );
}
