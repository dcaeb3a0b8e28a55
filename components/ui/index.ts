export { Alert } from "./Alert";
export { Badge, type BadgeTone } from "./Badge";
export { Button, ButtonLink } from "./Button";
export { Card } from "./Card";
export { EmptyState } from "./EmptyState";
export { Field } from "./Field";
export { Table } from "./Table";
export { DataTable, type Column, type DataTableProps } from "./DataTable";
export { ListCard } from "./ListCard";
