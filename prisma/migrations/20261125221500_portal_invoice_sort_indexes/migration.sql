-- CreateIndex
CREATE INDEX "Invoice_customerId_total_id_idx" ON "Invoice"("customerId", "total", "id");

-- CreateIndex
CREATE INDEX "Invoice_customerId_dueDate_id_idx" ON "Invoice"("customerId", "dueDate", "id");

