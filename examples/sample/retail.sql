-- Sample retail / ERP database (SQLite): the input the SQLite metadata extractors are tested against.
--
-- 32 tables, 10 views, 3 WITHOUT ROWID tables, composite primary and foreign keys, a deferred FK
-- (stores <-> employees reference each other), self references, CHECK / DEFAULT / NOT NULL / UNIQUE
-- constraints, a generated column, a STRICT table with AUTOINCREMENT, partial and expression indexes,
-- a trigger, and a handful of rows per table that satisfy every foreign key.
--
-- Build the database file with `node examples/sample/build.mjs` (writes retail.db next to this file).
-- Every row has explicit values for timestamp columns so the data is the same on every build.

PRAGMA foreign_keys = ON;

BEGIN;

-- ---------------------------------------------------------------------------------------------
-- Geography
-- ---------------------------------------------------------------------------------------------

CREATE TABLE regions (
  region_id   INTEGER PRIMARY KEY,
  name        VARCHAR(60) NOT NULL UNIQUE,
  code        CHAR(4)     NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 4)
);

CREATE TABLE countries (
  country_code CHAR(2)     NOT NULL PRIMARY KEY CHECK (length(country_code) = 2 AND country_code = upper(country_code)),
  name         VARCHAR(80) NOT NULL UNIQUE,
  region_id    INTEGER     NOT NULL REFERENCES regions (region_id),
  currency     CHAR(3)     NOT NULL DEFAULT 'USD',
  vat_rate     DECIMAL(5,4) NOT NULL DEFAULT 0 CHECK (vat_rate >= 0 AND vat_rate < 1)
) WITHOUT ROWID;

-- ---------------------------------------------------------------------------------------------
-- Organisation
-- ---------------------------------------------------------------------------------------------

CREATE TABLE departments (
  department_id        INTEGER PRIMARY KEY,
  name                 VARCHAR(80) NOT NULL UNIQUE,
  parent_department_id INTEGER REFERENCES departments (department_id) ON DELETE SET NULL,
  cost_center          VARCHAR(10) NOT NULL,
  created_at           DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE stores (
  store_id     INTEGER PRIMARY KEY,
  code         VARCHAR(10)  NOT NULL UNIQUE,
  name         VARCHAR(100) NOT NULL,
  store_type   TEXT NOT NULL DEFAULT 'physical' CHECK (store_type IN ('physical', 'online', 'outlet')),
  line1        VARCHAR(120),
  city         VARCHAR(80),
  postal_code  VARCHAR(20),
  country_code CHAR(2) NOT NULL REFERENCES countries (country_code),
  phone        VARCHAR(30),
  -- stores and employees reference each other: this side is checked at COMMIT
  manager_id   INTEGER REFERENCES employees (employee_id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  opened_on    DATE NOT NULL,
  closed_on    DATE,
  CHECK (closed_on IS NULL OR closed_on > opened_on),
  CHECK (store_type = 'online' OR line1 IS NOT NULL)
);

CREATE TABLE store_hours (
  store_id  INTEGER NOT NULL REFERENCES stores (store_id) ON DELETE CASCADE,
  weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = Sunday
  opens_at  TEXT    NOT NULL DEFAULT '09:00',
  closes_at TEXT    NOT NULL DEFAULT '18:00',
  PRIMARY KEY (store_id, weekday),
  CHECK (closes_at > opens_at)
) WITHOUT ROWID;

CREATE TABLE employees (
  employee_id      INTEGER PRIMARY KEY,
  employee_number  VARCHAR(10)  NOT NULL UNIQUE,
  first_name       VARCHAR(50)  NOT NULL,
  last_name        VARCHAR(50)  NOT NULL,
  email            VARCHAR(255) NOT NULL UNIQUE,
  phone            VARCHAR(30),
  job_title        VARCHAR(80)  NOT NULL,
  department_id    INTEGER NOT NULL REFERENCES departments (department_id),
  manager_id       INTEGER REFERENCES employees (employee_id) ON DELETE SET NULL,
  store_id         INTEGER REFERENCES stores (store_id),
  hire_date        DATE NOT NULL,
  termination_date DATE,
  salary           DECIMAL(10,2) NOT NULL CHECK (salary > 0),
  commission_rate  REAL NOT NULL DEFAULT 0.0 CHECK (commission_rate BETWEEN 0 AND 0.5),
  status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_leave', 'terminated')),
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CHECK (termination_date IS NULL OR termination_date >= hire_date),
  CHECK ((status = 'terminated') = (termination_date IS NOT NULL))
);

CREATE TABLE warehouses (
  warehouse_id INTEGER PRIMARY KEY,
  code         VARCHAR(10)  NOT NULL UNIQUE,
  name         VARCHAR(100) NOT NULL,
  line1        VARCHAR(120) NOT NULL,
  city         VARCHAR(80)  NOT NULL,
  postal_code  VARCHAR(20),
  country_code CHAR(2) NOT NULL REFERENCES countries (country_code),
  capacity_m3  INTEGER NOT NULL CHECK (capacity_m3 > 0),
  manager_id   INTEGER REFERENCES employees (employee_id) ON DELETE SET NULL,
  is_active    BOOLEAN NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);

-- ---------------------------------------------------------------------------------------------
-- Catalogue
-- ---------------------------------------------------------------------------------------------

CREATE TABLE suppliers (
  supplier_id   INTEGER PRIMARY KEY,
  name          VARCHAR(120) NOT NULL UNIQUE,
  contact_name  VARCHAR(100),
  contact_email VARCHAR(255),
  phone         VARCHAR(30),
  country_code  CHAR(2) NOT NULL REFERENCES countries (country_code),
  payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days IN (0, 15, 30, 45, 60, 90)),
  rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
  is_active     BOOLEAN NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE categories (
  category_id        INTEGER PRIMARY KEY,
  parent_category_id INTEGER REFERENCES categories (category_id) ON DELETE RESTRICT,
  name               VARCHAR(80) NOT NULL,
  slug               VARCHAR(80) NOT NULL UNIQUE CHECK (slug = lower(slug) AND slug NOT LIKE '% %'),
  sort_order         INTEGER NOT NULL DEFAULT 0,
  UNIQUE (parent_category_id, name)
);

CREATE TABLE brands (
  brand_id INTEGER PRIMARY KEY,
  name     VARCHAR(80) NOT NULL UNIQUE,
  website  VARCHAR(200)
);

CREATE TABLE products (
  product_id  INTEGER PRIMARY KEY,
  sku         VARCHAR(40)  NOT NULL UNIQUE,
  name        VARCHAR(200) NOT NULL,
  description TEXT,
  category_id INTEGER NOT NULL REFERENCES categories (category_id),
  brand_id    INTEGER REFERENCES brands (brand_id) ON DELETE SET NULL,
  unit_price  DECIMAL(10,2) NOT NULL CHECK (unit_price >= 0),
  cost        DECIMAL(10,2) CHECK (cost IS NULL OR cost >= 0),
  weight_kg   REAL CHECK (weight_kg > 0),
  color       VARCHAR(30),
  is_active   BOOLEAN NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  thumbnail   BLOB,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  DATETIME
);

CREATE TABLE product_suppliers (
  product_id     INTEGER NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
  supplier_id    INTEGER NOT NULL REFERENCES suppliers (supplier_id) ON DELETE CASCADE,
  supplier_sku   VARCHAR(40) NOT NULL,
  unit_cost      DECIMAL(10,2) NOT NULL CHECK (unit_cost >= 0),
  lead_time_days INTEGER NOT NULL DEFAULT 14 CHECK (lead_time_days >= 0),
  is_preferred   BOOLEAN NOT NULL DEFAULT 0 CHECK (is_preferred IN (0, 1)),
  PRIMARY KEY (product_id, supplier_id),
  UNIQUE (supplier_id, supplier_sku)
);

CREATE TABLE price_history (
  product_id INTEGER NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
  valid_from DATE NOT NULL,
  price      DECIMAL(10,2) NOT NULL CHECK (price >= 0),
  changed_by INTEGER REFERENCES employees (employee_id),
  PRIMARY KEY (product_id, valid_from)
);

CREATE TABLE tags (
  tag_id INTEGER PRIMARY KEY,
  name   VARCHAR(40) NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE product_tags (
  product_id INTEGER NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags (tag_id) ON DELETE CASCADE,
  PRIMARY KEY (product_id, tag_id)
);

-- ---------------------------------------------------------------------------------------------
-- Stock
-- ---------------------------------------------------------------------------------------------

CREATE TABLE inventory (
  warehouse_id      INTEGER NOT NULL REFERENCES warehouses (warehouse_id),
  product_id        INTEGER NOT NULL REFERENCES products (product_id),
  quantity_on_hand  INTEGER NOT NULL DEFAULT 0 CHECK (quantity_on_hand >= 0),
  quantity_reserved INTEGER NOT NULL DEFAULT 0,
  reorder_level     INTEGER NOT NULL DEFAULT 10 CHECK (reorder_level >= 0),
  bin_location      VARCHAR(20),
  last_counted_at   DATETIME,
  PRIMARY KEY (warehouse_id, product_id),
  CHECK (quantity_reserved BETWEEN 0 AND quantity_on_hand)
) WITHOUT ROWID;

CREATE TABLE inventory_movements (
  movement_id   INTEGER PRIMARY KEY,
  warehouse_id  INTEGER NOT NULL,
  product_id    INTEGER NOT NULL,
  movement_type TEXT NOT NULL CHECK (movement_type IN ('receipt', 'shipment', 'adjustment', 'transfer_in', 'transfer_out', 'return')),
  quantity      INTEGER NOT NULL CHECK (quantity <> 0),
  reference     VARCHAR(40),
  moved_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  moved_by      INTEGER REFERENCES employees (employee_id),
  FOREIGN KEY (warehouse_id, product_id) REFERENCES inventory (warehouse_id, product_id) ON UPDATE CASCADE
);

-- ---------------------------------------------------------------------------------------------
-- Customers
-- ---------------------------------------------------------------------------------------------

CREATE TABLE customers (
  customer_id        INTEGER PRIMARY KEY,
  email              VARCHAR(255) NOT NULL UNIQUE COLLATE NOCASE,
  first_name         VARCHAR(50) NOT NULL,
  last_name          VARCHAR(50) NOT NULL,
  phone              VARCHAR(30),
  birth_date         DATE,
  loyalty_tier       TEXT NOT NULL DEFAULT 'bronze' CHECK (loyalty_tier IN ('bronze', 'silver', 'gold', 'platinum')),
  loyalty_points     INTEGER NOT NULL DEFAULT 0 CHECK (loyalty_points >= 0),
  marketing_opt_in   BOOLEAN NOT NULL DEFAULT 0 CHECK (marketing_opt_in IN (0, 1)),
  preferred_store_id INTEGER REFERENCES stores (store_id) ON DELETE SET NULL,
  created_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at         DATETIME,
  CHECK (email LIKE '%_@_%._%')
);

CREATE TABLE addresses (
  address_id     INTEGER PRIMARY KEY,
  customer_id    INTEGER NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
  address_type   TEXT NOT NULL DEFAULT 'both' CHECK (address_type IN ('billing', 'shipping', 'both')),
  recipient_name VARCHAR(100),
  line1          VARCHAR(120) NOT NULL,
  line2          VARCHAR(120),
  city           VARCHAR(80)  NOT NULL,
  region         VARCHAR(50),
  postal_code    VARCHAR(20),
  country_code   CHAR(2) NOT NULL REFERENCES countries (country_code),
  is_default     BOOLEAN NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE gift_cards (
  gift_card_id    INTEGER PRIMARY KEY,
  code            VARCHAR(20) NOT NULL UNIQUE,
  initial_balance DECIMAL(10,2) NOT NULL CHECK (initial_balance > 0),
  balance         DECIMAL(10,2) NOT NULL,
  currency        CHAR(3) NOT NULL DEFAULT 'USD',
  purchased_by    INTEGER REFERENCES customers (customer_id) ON DELETE SET NULL,
  issued_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_on      DATE,
  CHECK (balance BETWEEN 0 AND initial_balance)
);

CREATE TABLE promotions (
  promotion_id     INTEGER PRIMARY KEY,
  code             VARCHAR(30) NOT NULL UNIQUE COLLATE NOCASE,
  name             VARCHAR(100) NOT NULL,
  discount_type    TEXT NOT NULL CHECK (discount_type IN ('percent', 'fixed')),
  discount_value   DECIMAL(10,2) NOT NULL CHECK (discount_value > 0),
  min_order_amount DECIMAL(10,2) NOT NULL DEFAULT 0,
  starts_on        DATE NOT NULL,
  ends_on          DATE,
  is_active        BOOLEAN NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  CHECK (discount_type <> 'percent' OR discount_value <= 100)
);

-- ---------------------------------------------------------------------------------------------
-- Sales
-- ---------------------------------------------------------------------------------------------

CREATE TABLE orders (
  order_id            INTEGER PRIMARY KEY,
  order_number        VARCHAR(20) NOT NULL UNIQUE,
  customer_id         INTEGER NOT NULL REFERENCES customers (customer_id) ON DELETE RESTRICT,
  store_id            INTEGER NOT NULL REFERENCES stores (store_id),
  sales_rep_id        INTEGER REFERENCES employees (employee_id) ON DELETE SET NULL,
  billing_address_id  INTEGER REFERENCES addresses (address_id),
  shipping_address_id INTEGER REFERENCES addresses (address_id),
  promotion_id        INTEGER REFERENCES promotions (promotion_id) ON DELETE SET NULL,
  status              TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned')),
  channel             TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('store', 'web', 'phone')),
  currency            CHAR(3) NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
  shipping_fee        DECIMAL(10,2) NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
  ordered_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  notes               TEXT
);

CREATE TABLE order_items (
  order_id        INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  line_no         INTEGER NOT NULL CHECK (line_no > 0),
  product_id      INTEGER NOT NULL REFERENCES products (product_id),
  quantity        INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  unit_price      DECIMAL(10,2) NOT NULL CHECK (unit_price >= 0),
  discount_amount DECIMAL(10,2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  line_total      DECIMAL(10,2) GENERATED ALWAYS AS (round(quantity * unit_price - discount_amount, 2)) VIRTUAL,
  PRIMARY KEY (order_id, line_no),
  CHECK (discount_amount <= quantity * unit_price)
);

CREATE TABLE payments (
  payment_id      INTEGER PRIMARY KEY,
  order_id        INTEGER NOT NULL REFERENCES orders (order_id),
  payment_type    TEXT NOT NULL DEFAULT 'charge' CHECK (payment_type IN ('charge', 'refund')),
  payment_method  TEXT NOT NULL CHECK (payment_method IN ('card', 'paypal', 'gift_card', 'cash', 'bank_transfer')),
  gift_card_id    INTEGER REFERENCES gift_cards (gift_card_id),
  amount          DECIMAL(10,2) NOT NULL CHECK (amount > 0),
  currency        CHAR(3) NOT NULL DEFAULT 'USD',
  status          TEXT NOT NULL DEFAULT 'authorized' CHECK (status IN ('authorized', 'captured', 'failed', 'voided')),
  transaction_ref VARCHAR(64) UNIQUE,
  paid_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CHECK ((payment_method = 'gift_card') = (gift_card_id IS NOT NULL))
);

CREATE TABLE carriers (
  carrier_id            INTEGER PRIMARY KEY,
  name                  VARCHAR(80) NOT NULL UNIQUE,
  tracking_url_template VARCHAR(200) CHECK (tracking_url_template LIKE '%{tracking}%')
);

CREATE TABLE shipments (
  shipment_id     INTEGER PRIMARY KEY,
  order_id        INTEGER NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
  warehouse_id    INTEGER NOT NULL REFERENCES warehouses (warehouse_id),
  carrier_id      INTEGER REFERENCES carriers (carrier_id),
  tracking_number VARCHAR(40) UNIQUE,
  status          TEXT NOT NULL DEFAULT 'preparing' CHECK (status IN ('preparing', 'in_transit', 'delivered', 'lost', 'returned')),
  shipping_cost   DECIMAL(10,2) CHECK (shipping_cost >= 0),
  shipped_at      DATETIME,
  delivered_at    DATETIME,
  CHECK (delivered_at IS NULL OR (shipped_at IS NOT NULL AND delivered_at >= shipped_at))
);

CREATE TABLE shipment_items (
  shipment_id INTEGER NOT NULL REFERENCES shipments (shipment_id) ON DELETE CASCADE,
  order_id    INTEGER NOT NULL,
  line_no     INTEGER NOT NULL,
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (shipment_id, order_id, line_no),
  FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no)
);

CREATE TABLE returns (
  return_id            INTEGER PRIMARY KEY,
  rma_number           VARCHAR(20) NOT NULL UNIQUE,
  order_id             INTEGER NOT NULL,
  line_no              INTEGER NOT NULL,
  quantity             INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  reason               TEXT NOT NULL CHECK (reason IN ('damaged', 'wrong_item', 'not_as_described', 'changed_mind', 'other')),
  status               TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'received', 'refunded', 'rejected')),
  requested_at         DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  processed_by         INTEGER REFERENCES employees (employee_id),
  refund_amount        DECIMAL(10,2) CHECK (refund_amount >= 0),
  restock_warehouse_id INTEGER REFERENCES warehouses (warehouse_id),
  FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no) ON DELETE CASCADE
);

CREATE TABLE reviews (
  review_id    INTEGER PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
  customer_id  INTEGER REFERENCES customers (customer_id) ON DELETE SET NULL,
  order_id     INTEGER REFERENCES orders (order_id) ON DELETE SET NULL,
  rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title        VARCHAR(120),
  body         TEXT,
  is_published BOOLEAN NOT NULL DEFAULT 1 CHECK (is_published IN (0, 1)),
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (product_id, customer_id)
);

-- ---------------------------------------------------------------------------------------------
-- Purchasing
-- ---------------------------------------------------------------------------------------------

CREATE TABLE purchase_orders (
  po_id        INTEGER PRIMARY KEY,
  po_number    VARCHAR(20) NOT NULL UNIQUE,
  supplier_id  INTEGER NOT NULL REFERENCES suppliers (supplier_id),
  warehouse_id INTEGER NOT NULL REFERENCES warehouses (warehouse_id),
  ordered_by   INTEGER REFERENCES employees (employee_id),
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'partially_received', 'received', 'cancelled')),
  ordered_on   DATE,
  expected_on  DATE,
  CHECK (expected_on IS NULL OR ordered_on IS NULL OR expected_on >= ordered_on),
  CHECK (status = 'draft' OR ordered_on IS NOT NULL)
);

CREATE TABLE purchase_order_lines (
  po_id             INTEGER NOT NULL REFERENCES purchase_orders (po_id) ON DELETE CASCADE,
  line_no           INTEGER NOT NULL CHECK (line_no > 0),
  product_id        INTEGER NOT NULL,
  supplier_id       INTEGER NOT NULL,
  quantity_ordered  INTEGER NOT NULL CHECK (quantity_ordered > 0),
  quantity_received INTEGER NOT NULL DEFAULT 0,
  unit_cost         DECIMAL(10,2) NOT NULL CHECK (unit_cost >= 0),
  PRIMARY KEY (po_id, line_no),
  FOREIGN KEY (product_id, supplier_id) REFERENCES product_suppliers (product_id, supplier_id),
  CHECK (quantity_received BETWEEN 0 AND quantity_ordered)
);

-- ---------------------------------------------------------------------------------------------
-- Audit (STRICT table, AUTOINCREMENT key, JSON details)
-- ---------------------------------------------------------------------------------------------

CREATE TABLE audit_log (
  log_id     INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name TEXT NOT NULL,
  row_key    TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
  changed_by INTEGER REFERENCES employees (employee_id) ON DELETE SET NULL,
  changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  details    TEXT CHECK (details IS NULL OR json_valid(details))
) STRICT;

-- ---------------------------------------------------------------------------------------------
-- Indexes and a trigger
-- ---------------------------------------------------------------------------------------------

CREATE INDEX idx_employees_department ON employees (department_id);
CREATE INDEX idx_employees_manager ON employees (manager_id);
CREATE INDEX idx_products_category ON products (category_id, is_active);
CREATE INDEX idx_inventory_product ON inventory (product_id);
CREATE INDEX idx_inventory_movements_item ON inventory_movements (warehouse_id, product_id, moved_at);
CREATE INDEX idx_customers_last_name_lower ON customers (lower(last_name));
CREATE UNIQUE INDEX ux_addresses_one_default ON addresses (customer_id, address_type) WHERE is_default = 1;
CREATE INDEX idx_orders_customer ON orders (customer_id, ordered_at DESC);
CREATE INDEX idx_orders_status ON orders (status) WHERE status NOT IN ('delivered', 'cancelled');
CREATE INDEX idx_order_items_product ON order_items (product_id);
CREATE INDEX idx_payments_order ON payments (order_id);
CREATE INDEX idx_shipments_order ON shipments (order_id);
CREATE INDEX idx_reviews_product_rating ON reviews (product_id, rating DESC);

CREATE TRIGGER trg_products_touch_updated_at
AFTER UPDATE OF unit_price, cost, name ON products
FOR EACH ROW
BEGIN
  UPDATE products SET updated_at = CURRENT_TIMESTAMP WHERE product_id = NEW.product_id;
END;

-- ---------------------------------------------------------------------------------------------
-- Views
-- ---------------------------------------------------------------------------------------------

CREATE VIEW v_product_catalog AS
SELECT p.product_id,
       p.sku,
       p.name            AS product_name,
       c.name            AS category_name,
       parent.name       AS parent_category_name,
       b.name            AS brand_name,
       p.unit_price,
       p.is_active
FROM products p
JOIN categories c ON c.category_id = p.category_id
LEFT JOIN categories parent ON parent.category_id = c.parent_category_id
LEFT JOIN brands b ON b.brand_id = p.brand_id;

CREATE VIEW v_order_totals AS
SELECT o.order_id,
       o.order_number,
       o.customer_id,
       o.store_id,
       o.status,
       o.currency,
       o.ordered_at,
       COUNT(oi.line_no)                               AS line_count,
       COALESCE(SUM(oi.quantity), 0)                   AS item_count,
       ROUND(COALESCE(SUM(oi.line_total), 0), 2)        AS subtotal,
       o.shipping_fee,
       ROUND(COALESCE(SUM(oi.line_total), 0) + o.shipping_fee, 2) AS order_total
FROM orders o
LEFT JOIN order_items oi ON oi.order_id = o.order_id
GROUP BY o.order_id;

-- a view over a view
CREATE VIEW v_order_summary AS
SELECT t.order_id,
       t.order_number,
       t.status,
       t.ordered_at,
       c.first_name || ' ' || c.last_name AS customer_name,
       c.email                            AS customer_email,
       s.name                             AS store_name,
       t.item_count,
       t.order_total,
       t.currency,
       COALESCE(p.net_paid, 0)            AS net_paid
FROM v_order_totals t
JOIN customers c ON c.customer_id = t.customer_id
JOIN stores s ON s.store_id = t.store_id
LEFT JOIN (
  SELECT order_id,
         SUM(CASE payment_type WHEN 'refund' THEN -amount ELSE amount END) AS net_paid
  FROM payments
  WHERE status = 'captured'
  GROUP BY order_id
) p ON p.order_id = t.order_id;

-- another view over the same view
CREATE VIEW v_customer_lifetime_value AS
SELECT c.customer_id,
       c.email,
       c.loyalty_tier,
       COUNT(t.order_id)                 AS order_count,
       ROUND(COALESCE(SUM(t.order_total), 0), 2) AS lifetime_value,
       MIN(t.ordered_at)                 AS first_order_at,
       MAX(t.ordered_at)                 AS last_order_at
FROM customers c
LEFT JOIN v_order_totals t ON t.customer_id = c.customer_id AND t.status <> 'cancelled'
WHERE c.deleted_at IS NULL
GROUP BY c.customer_id, c.email, c.loyalty_tier;

CREATE VIEW v_inventory_status AS
SELECT w.code                                       AS warehouse_code,
       w.name                                       AS warehouse_name,
       p.sku,
       p.name                                       AS product_name,
       i.quantity_on_hand,
       i.quantity_reserved,
       i.quantity_on_hand - i.quantity_reserved     AS quantity_available,
       i.reorder_level,
       CASE WHEN i.quantity_on_hand - i.quantity_reserved <= i.reorder_level THEN 1 ELSE 0 END AS needs_reorder
FROM inventory i
JOIN warehouses w ON w.warehouse_id = i.warehouse_id
JOIN products p ON p.product_id = i.product_id;

CREATE VIEW v_employee_directory AS
SELECT e.employee_id,
       e.employee_number,
       e.first_name || ' ' || e.last_name AS full_name,
       e.job_title,
       d.name                             AS department_name,
       m.first_name || ' ' || m.last_name AS manager_name,
       s.name                             AS store_name,
       e.email,
       e.status
FROM employees e
JOIN departments d ON d.department_id = e.department_id
LEFT JOIN employees m ON m.employee_id = e.manager_id
LEFT JOIN stores s ON s.store_id = e.store_id
WHERE e.status <> 'terminated';

CREATE VIEW v_product_ratings AS
SELECT p.product_id,
       p.sku,
       p.name                                  AS product_name,
       COUNT(r.review_id)                      AS review_count,
       ROUND(AVG(r.rating), 2)                 AS average_rating,
       COALESCE(SUM(r.order_id IS NOT NULL), 0) AS verified_review_count
FROM products p
LEFT JOIN reviews r ON r.product_id = p.product_id AND r.is_published = 1
GROUP BY p.product_id, p.sku, p.name;

CREATE VIEW v_open_shipments AS
SELECT s.shipment_id,
       o.order_number,
       w.code  AS warehouse_code,
       ca.name AS carrier_name,
       s.status,
       s.tracking_number,
       CASE WHEN s.tracking_number IS NOT NULL
            THEN replace(ca.tracking_url_template, '{tracking}', s.tracking_number) END AS tracking_url,
       s.shipped_at,
       (SELECT SUM(si.quantity) FROM shipment_items si WHERE si.shipment_id = s.shipment_id) AS unit_count
FROM shipments s
JOIN orders o ON o.order_id = s.order_id
JOIN warehouses w ON w.warehouse_id = s.warehouse_id
LEFT JOIN carriers ca ON ca.carrier_id = s.carrier_id
WHERE s.delivered_at IS NULL AND s.status NOT IN ('lost', 'returned');

CREATE VIEW v_supplier_products AS
SELECT su.supplier_id,
       su.name                        AS supplier_name,
       su.country_code,
       p.sku,
       p.name                         AS product_name,
       ps.supplier_sku,
       ps.unit_cost,
       ps.lead_time_days,
       ps.is_preferred,
       ROUND(p.unit_price - ps.unit_cost, 2) AS unit_margin
FROM product_suppliers ps
JOIN suppliers su ON su.supplier_id = ps.supplier_id
JOIN products p ON p.product_id = ps.product_id
WHERE su.is_active = 1;

CREATE VIEW v_returns_report AS
SELECT r.rma_number,
       o.order_number,
       p.sku,
       p.name                             AS product_name,
       r.quantity,
       oi.unit_price,
       r.reason,
       r.status,
       r.refund_amount,
       e.first_name || ' ' || e.last_name AS processed_by_name,
       r.requested_at
FROM returns r
JOIN order_items oi ON oi.order_id = r.order_id AND oi.line_no = r.line_no
JOIN orders o ON o.order_id = r.order_id
JOIN products p ON p.product_id = oi.product_id
LEFT JOIN employees e ON e.employee_id = r.processed_by;

-- ---------------------------------------------------------------------------------------------
-- Data
-- ---------------------------------------------------------------------------------------------

INSERT INTO regions (region_id, name, code) VALUES
  (1, 'North America', 'NA'),
  (2, 'Europe', 'EU'),
  (3, 'Asia Pacific', 'APAC');

INSERT INTO countries (country_code, name, region_id, currency, vat_rate) VALUES
  ('US', 'United States', 1, 'USD', 0),
  ('CA', 'Canada', 1, 'CAD', 0.05),
  ('DE', 'Germany', 2, 'EUR', 0.19),
  ('FR', 'France', 2, 'EUR', 0.2),
  ('GB', 'United Kingdom', 2, 'GBP', 0.2),
  ('JP', 'Japan', 3, 'JPY', 0.1),
  ('AU', 'Australia', 3, 'AUD', 0.1);

INSERT INTO departments (department_id, name, parent_department_id, cost_center, created_at) VALUES
  (1, 'Executive', NULL, 'CC-100', '2015-03-01 00:00:00'),
  (2, 'Sales', 1, 'CC-200', '2015-03-01 00:00:00'),
  (3, 'Operations', 1, 'CC-300', '2015-03-01 00:00:00'),
  (4, 'Finance', 1, 'CC-400', '2015-03-01 00:00:00'),
  (5, 'Store Operations', 3, 'CC-310', '2018-01-01 00:00:00'),
  (6, 'Logistics', 3, 'CC-320', '2018-01-01 00:00:00'),
  (7, 'Customer Service', 2, 'CC-210', '2019-06-01 00:00:00');

-- managers are inserted below: stores.manager_id is checked at COMMIT
INSERT INTO stores (store_id, code, name, store_type, line1, city, postal_code, country_code, phone, manager_id, opened_on, closed_on) VALUES
  (1, 'NYC-01', 'Manhattan Flagship', 'physical', '350 5th Ave', 'New York', '10118', 'US', '+1 212 555 0100', 6, '2016-05-01', NULL),
  (2, 'TOR-01', 'Toronto Eaton Centre', 'physical', '220 Yonge St', 'Toronto', 'M5B 2H1', 'CA', '+1 416 555 0142', 7, '2019-03-15', NULL),
  (3, 'BER-01', 'Berlin Mitte', 'physical', 'Friedrichstraße 68', 'Berlin', '10117', 'DE', '+49 30 5550 1234', 5, '2018-09-01', NULL),
  (4, 'WEB', 'Online Store', 'online', NULL, NULL, NULL, 'US', NULL, 12, '2017-01-01', NULL),
  (5, 'NJ-OUT', 'Jersey Gardens Outlet', 'outlet', '651 Kapkowski Rd', 'Elizabeth', '07201', 'US', '+1 908 555 0199', NULL, '2017-11-20', '2023-01-31');

INSERT INTO store_hours (store_id, weekday, opens_at, closes_at) VALUES
  (1, 0, '11:00', '19:00'),
  (1, 1, '10:00', '21:00'),
  (1, 2, '10:00', '21:00'),
  (1, 3, '10:00', '21:00'),
  (1, 4, '10:00', '21:00'),
  (1, 5, '10:00', '22:00'),
  (1, 6, '10:00', '22:00'),
  (2, 1, '10:00', '21:00'),
  (2, 2, '10:00', '21:00'),
  (2, 3, '10:00', '21:00'),
  (2, 4, '10:00', '21:00'),
  (2, 5, '10:00', '21:00'),
  (2, 6, '09:30', '21:30'),
  (3, 1, '10:00', '20:00'),
  (3, 2, '10:00', '20:00'),
  (3, 3, '10:00', '20:00'),
  (3, 4, '10:00', '20:00'),
  (3, 5, '10:00', '20:00'),
  (3, 6, '10:00', '18:00');

INSERT INTO employees (employee_id, employee_number, first_name, last_name, email, phone, job_title, department_id, manager_id, store_id, hire_date, termination_date, salary, commission_rate, status, created_at) VALUES
  (1, 'E0001', 'Alice', 'Morgan', 'alice.morgan@retail.example', '+1 212 555 0001', 'Chief Executive Officer', 1, NULL, NULL, '2015-03-01', NULL, 250000.00, 0, 'active', '2015-03-01 09:00:00'),
  (2, 'E0002', 'Brian', 'Chen', 'brian.chen@retail.example', '+1 212 555 0002', 'VP Sales', 2, 1, NULL, '2016-06-15', NULL, 180000.00, 0.02, 'active', '2016-06-15 09:00:00'),
  (3, 'E0003', 'Carla', 'Diaz', 'carla.diaz@retail.example', '+1 212 555 0003', 'Director of Operations', 3, 1, NULL, '2016-09-01', NULL, 170000.00, 0, 'active', '2016-09-01 09:00:00'),
  (4, 'E0004', 'Daniel', 'Okafor', 'daniel.okafor@retail.example', NULL, 'Finance Manager', 4, 1, NULL, '2017-01-09', NULL, 140000.00, 0, 'active', '2017-01-09 09:00:00'),
  (5, 'E0005', 'Emma', 'Schulz', 'emma.schulz@retail.example', '+49 30 5550 1200', 'Store Manager', 5, 3, 3, '2018-04-02', NULL, 72000.00, 0.01, 'active', '2018-04-02 09:00:00'),
  (6, 'E0006', 'Frank', 'Miller', 'frank.miller@retail.example', '+1 212 555 0106', 'Store Manager', 5, 3, 1, '2018-05-14', NULL, 75000.00, 0.01, 'active', '2018-05-14 09:00:00'),
  (7, 'E0007', 'Grace', 'Lee', 'grace.lee@retail.example', '+1 416 555 0107', 'Store Manager', 5, 3, 2, '2019-02-11', NULL, 70000.00, 0.01, 'active', '2019-02-11 09:00:00'),
  (8, 'E0008', 'Hiro', 'Tanaka', 'hiro.tanaka@retail.example', NULL, 'Sales Associate', 2, 6, 1, '2020-07-01', NULL, 42000.00, 0.05, 'active', '2020-07-01 09:00:00'),
  (9, 'E0009', 'Isabel', 'Rossi', 'isabel.rossi@retail.example', NULL, 'Sales Associate', 2, 5, 3, '2021-03-15', NULL, 40000.00, 0.04, 'on_leave', '2021-03-15 09:00:00'),
  (10, 'E0010', 'Jamal', 'Wright', 'jamal.wright@retail.example', '+1 973 555 0110', 'Logistics Coordinator', 6, 3, NULL, '2019-10-01', NULL, 55000.00, 0, 'active', '2019-10-01 09:00:00'),
  (11, 'E0011', 'Kim', 'Nguyen', 'kim.nguyen@retail.example', NULL, 'Customer Service Representative', 7, 2, NULL, '2022-01-10', '2023-06-30', 39000.00, 0, 'terminated', '2022-01-10 09:00:00'),
  (12, 'E0012', 'Luis', 'Fernandez', 'luis.fernandez@retail.example', '+1 212 555 0112', 'E-commerce Manager', 2, 2, 4, '2019-08-19', NULL, 95000.00, 0.015, 'active', '2019-08-19 09:00:00');

INSERT INTO warehouses (warehouse_id, code, name, line1, city, postal_code, country_code, capacity_m3, manager_id, is_active) VALUES
  (1, 'WH-NJ', 'Newark Distribution Center', '100 Port St', 'Newark', '07114', 'US', 12000, 10, 1),
  (2, 'WH-ON', 'Mississauga Fulfilment', '6300 Northwest Dr', 'Mississauga', 'L4V 1J7', 'CA', 6000, 10, 1),
  (3, 'WH-DE', 'Leipzig Logistics Hub', 'Am Exer 10', 'Leipzig', '04158', 'DE', 9000, 5, 1);

INSERT INTO suppliers (supplier_id, name, contact_name, contact_email, phone, country_code, payment_terms_days, rating, is_active, created_at) VALUES
  (1, 'Acme Office Supply', 'Rita Gomez', 'orders@acme-supply.example', '+1 312 555 0150', 'US', 30, 4, 1, '2016-01-10 10:00:00'),
  (2, 'Rheinland Textil GmbH', 'Jonas Becker', 'vertrieb@rheinland-textil.example', '+49 221 555 010', 'DE', 45, 5, 1, '2017-04-03 10:00:00'),
  (3, 'Kyoto Electronics KK', 'Aiko Yamamoto', 'sales@kyoto-elec.example', '+81 75 555 0199', 'JP', 60, 4, 1, '2016-11-21 10:00:00'),
  (4, 'Maple Home Goods', 'Owen Clarke', 'wholesale@maplehome.example', '+1 604 555 0177', 'CA', 30, 3, 1, '2018-02-14 10:00:00'),
  (5, 'Outback Outdoor Pty', 'Mia Wilson', 'trade@outback-outdoor.example', '+61 2 5550 1234', 'AU', 90, 4, 0, '2019-07-01 10:00:00');

INSERT INTO categories (category_id, parent_category_id, name, slug, sort_order) VALUES
  (1, NULL, 'Electronics', 'electronics', 1),
  (2, 1, 'Computers & Accessories', 'computers', 1),
  (3, 1, 'Audio', 'audio', 2),
  (4, NULL, 'Home & Kitchen', 'home-kitchen', 2),
  (5, 4, 'Cookware', 'cookware', 1),
  (6, NULL, 'Apparel', 'apparel', 3),
  (7, NULL, 'Outdoor', 'outdoor', 4),
  (8, 2, 'Laptops', 'laptops', 1);

INSERT INTO brands (brand_id, name, website) VALUES
  (1, 'Voltix', 'https://voltix.example'),
  (2, 'SoundWave', 'https://soundwave.example'),
  (3, 'HearthCraft', NULL),
  (4, 'TrailMark', 'https://trailmark.example'),
  (5, 'ThreadLine', 'https://threadline.example');

INSERT INTO products (product_id, sku, name, description, category_id, brand_id, unit_price, cost, weight_kg, color, is_active, thumbnail, created_at, updated_at) VALUES
  (1, 'VLX-LT-14', 'Voltix Aero 14 Laptop', '14-inch ultralight laptop, 16 GB RAM, 512 GB SSD.', 8, 1, 1299.00, 910.00, 1.3, 'Silver', 1, X'89504E470D0A1A0A', '2023-01-01 08:00:00', '2024-01-15 08:00:00'),
  (2, 'VLX-MS-01', 'Voltix Wireless Mouse', 'Silent-click wireless mouse with USB-C receiver.', 2, 1, 29.99, 12.50, 0.09, 'Black', 1, NULL, '2023-01-01 08:00:00', NULL),
  (3, 'SWV-HP-300', 'SoundWave 300 Headphones', 'Over-ear noise cancelling headphones.', 3, 2, 199.00, 110.00, 0.25, 'Black', 1, NULL, '2023-06-01 08:00:00', '2024-03-01 08:00:00'),
  (4, 'SWV-SP-MINI', 'SoundWave Mini Speaker', 'Pocket Bluetooth speaker, IP67.', 3, 2, 59.00, 31.00, 0.4, 'Blue', 1, NULL, '2023-06-01 08:00:00', NULL),
  (5, 'HC-PAN-28', 'HearthCraft 28cm Frying Pan', 'Ceramic-coated aluminium pan.', 5, 3, 44.50, 19.00, 1.1, NULL, 1, NULL, '2023-02-10 08:00:00', NULL),
  (6, 'HC-KNF-SET', 'HearthCraft 6-Piece Knife Set', 'Forged steel knives with oak block.', 5, 3, 89.00, 40.00, 1.8, NULL, 1, NULL, '2023-02-10 08:00:00', NULL),
  (7, 'TM-TENT-2P', 'TrailMark 2-Person Tent', 'Three-season backpacking tent.', 7, 4, 249.00, 140.00, 2.6, 'Green', 1, NULL, '2023-03-20 08:00:00', NULL),
  (8, 'TL-TEE-M-BLK', 'ThreadLine Organic Tee M Black', '100% organic cotton T-shirt.', 6, 5, 24.00, 7.50, 0.2, 'Black', 1, NULL, '2023-01-01 08:00:00', NULL),
  (9, 'TL-HOOD-L-GRY', 'ThreadLine Hoodie L Grey', 'Brushed fleece hoodie.', 6, 5, 64.00, 22.00, 0.6, 'Grey', 1, NULL, '2023-09-01 08:00:00', NULL),
  (10, 'GEN-CABLE-USB-C', 'USB-C Cable 1m', NULL, 2, NULL, 9.99, 2.10, 0.05, 'White', 0, NULL, '2022-05-01 08:00:00', NULL);

INSERT INTO product_suppliers (product_id, supplier_id, supplier_sku, unit_cost, lead_time_days, is_preferred) VALUES
  (1, 3, 'KE-A14', 905.00, 21, 1),
  (2, 3, 'KE-M01', 12.00, 21, 1),
  (2, 1, 'AC-MOUSE-W', 12.90, 7, 0),
  (3, 3, 'KE-HP300', 108.00, 28, 1),
  (4, 3, 'KE-SPM', 30.50, 28, 1),
  (5, 4, 'MHG-FP28', 18.75, 10, 1),
  (6, 4, 'MHG-KS6', 39.00, 10, 1),
  (7, 5, 'OO-T2', 138.00, 35, 1),
  (8, 2, 'RT-TEE-M-B', 7.20, 14, 1),
  (9, 2, 'RT-HD-L-G', 21.50, 14, 1),
  (10, 1, 'AC-USBC-1M', 2.00, 5, 1);

INSERT INTO price_history (product_id, valid_from, price, changed_by) VALUES
  (1, '2023-01-01', 1399.00, 2),
  (1, '2024-01-15', 1299.00, 2),
  (3, '2023-06-01', 219.00, 2),
  (3, '2024-03-01', 199.00, 12),
  (8, '2023-01-01', 24.00, NULL);

INSERT INTO tags (tag_id, name) VALUES
  (1, 'bestseller'),
  (2, 'eco-friendly'),
  (3, 'gift-idea'),
  (4, 'clearance');

INSERT INTO product_tags (product_id, tag_id) VALUES
  (1, 1), (3, 1), (3, 3), (6, 3), (8, 2), (9, 2), (10, 4);

INSERT INTO inventory (warehouse_id, product_id, quantity_on_hand, quantity_reserved, reorder_level, bin_location, last_counted_at) VALUES
  (1, 1, 40, 3, 10, 'A-01-01', '2024-03-31 18:00:00'),
  (1, 2, 250, 10, 50, 'A-02-04', '2024-03-31 18:00:00'),
  (1, 3, 80, 2, 20, 'B-01-02', '2024-03-31 18:00:00'),
  (1, 4, 5, 0, 15, 'B-01-03', '2024-03-31 18:00:00'),
  (1, 7, 12, 1, 5, 'C-03-01', NULL),
  (1, 10, 0, 0, 0, 'Z-99-99', NULL),
  (2, 1, 15, 0, 5, 'R1-S2', '2024-03-30 17:00:00'),
  (2, 2, 90, 0, 30, 'R1-S3', '2024-03-30 17:00:00'),
  (2, 5, 35, 2, 10, 'R2-S1', '2024-03-30 17:00:00'),
  (2, 8, 120, 5, 40, 'R3-S1', '2024-03-30 17:00:00'),
  (3, 3, 60, 1, 20, 'H1-01', '2024-03-29 16:00:00'),
  (3, 4, 22, 0, 10, 'H1-02', '2024-03-29 16:00:00'),
  (3, 6, 18, 0, 10, 'H2-05', '2024-03-29 16:00:00'),
  (3, 7, 9, 0, 10, 'H3-01', '2024-03-29 16:00:00'),
  (3, 9, 75, 3, 25, 'H4-02', '2024-03-29 16:00:00');

INSERT INTO inventory_movements (movement_id, warehouse_id, product_id, movement_type, quantity, reference, moved_at, moved_by) VALUES
  (1, 1, 1, 'receipt', 50, 'PO-2024-0001', '2024-01-29 09:00:00', 10),
  (2, 1, 2, 'receipt', 300, 'PO-2024-0001', '2024-01-29 09:05:00', 10),
  (3, 1, 1, 'shipment', -1, 'SO-1001', '2024-02-03 14:30:00', 8),
  (4, 1, 3, 'shipment', -1, 'SO-1002', '2024-02-11 10:00:00', 10),
  (5, 3, 3, 'shipment', -1, 'SO-1003', '2024-03-06 08:30:00', 5),
  (6, 2, 5, 'adjustment', -1, 'CYCLE-COUNT-2024Q1', '2024-03-30 17:00:00', 10),
  (7, 2, 5, 'return', 1, 'RMA-0001', '2024-04-02 11:00:00', 7);

INSERT INTO customers (customer_id, email, first_name, last_name, phone, birth_date, loyalty_tier, loyalty_points, marketing_opt_in, preferred_store_id, created_at, deleted_at) VALUES
  (1, 'olivia.bennett@example.com', 'Olivia', 'Bennett', '+1 217 555 0134', '1988-07-14', 'gold', 5400, 1, 1, '2021-04-11 12:00:00', NULL),
  (2, 'noah.kim@example.com', 'Noah', 'Kim', '+1 512 555 0188', '1995-02-02', 'silver', 1250, 0, 4, '2022-08-19 15:30:00', NULL),
  (3, 'sophie.martin@example.fr', 'Sophie', 'Martin', NULL, NULL, 'bronze', 0, 1, 4, '2023-11-02 09:45:00', NULL),
  (4, 'lukas.weber@example.de', 'Lukas', 'Weber', '+49 30 5550 9876', '1979-12-24', 'platinum', 18200, 1, 3, '2019-10-05 18:20:00', NULL),
  (5, 'emily.clarke@example.co.uk', 'Emily', 'Clarke', '+44 20 5550 1122', '1991-05-30', 'bronze', 310, 0, NULL, '2024-01-07 20:10:00', NULL),
  (6, 'liam.tremblay@example.ca', 'Liam', 'Tremblay', '+1 514 555 0143', '1985-09-09', 'silver', 900, 0, 2, '2022-02-14 11:11:00', NULL),
  (7, 'yuki.sato@example.jp', 'Yuki', 'Sato', NULL, '2000-01-20', 'bronze', 0, 0, 4, '2024-03-30 02:15:00', NULL),
  (8, 'ava.johnson@example.com', 'Ava', 'Johnson', '+1 305 555 0161', NULL, 'bronze', 40, 1, 1, '2023-05-05 13:00:00', NULL),
  (9, 'mason.brown@example.com', 'Mason', 'Brown', NULL, NULL, 'bronze', 0, 0, NULL, '2020-06-06 10:00:00', '2023-12-31 23:59:59');

INSERT INTO addresses (address_id, customer_id, address_type, recipient_name, line1, line2, city, region, postal_code, country_code, is_default, created_at) VALUES
  (1, 1, 'both', 'Olivia Bennett', '120 Maple Ave', NULL, 'Springfield', 'IL', '62701', 'US', 1, '2021-04-11 12:00:00'),
  (2, 1, 'shipping', 'Olivia Bennett c/o Lumen Labs', '500 Market St', 'Suite 300', 'San Francisco', 'CA', '94105', 'US', 0, '2023-02-01 09:00:00'),
  (3, 2, 'both', 'Noah Kim', '88 Pine Rd', NULL, 'Austin', 'TX', '78701', 'US', 1, '2022-08-19 15:30:00'),
  (4, 3, 'both', 'Sophie Martin', '14 Rue de Rivoli', NULL, 'Paris', NULL, '75001', 'FR', 1, '2023-11-02 09:45:00'),
  (5, 4, 'both', 'Lukas Weber', 'Torstraße 101', NULL, 'Berlin', NULL, '10119', 'DE', 1, '2019-10-05 18:20:00'),
  (6, 5, 'billing', 'Emily Clarke', '22 Baker St', NULL, 'London', NULL, 'NW1 6XE', 'GB', 1, '2024-01-07 20:10:00'),
  (7, 5, 'shipping', 'Emily Clarke', '3 Queen St', 'Flat 2', 'Edinburgh', 'Scotland', 'EH2 1JE', 'GB', 0, '2024-01-07 20:12:00'),
  (8, 6, 'both', 'Liam Tremblay', '250 Rue Sainte-Catherine', NULL, 'Montréal', 'QC', 'H2X 1L4', 'CA', 1, '2022-02-14 11:11:00'),
  (9, 7, 'both', 'Yuki Sato', '1-2-3 Shibuya', 'Room 405', 'Tokyo', NULL, '150-0002', 'JP', 1, '2024-03-30 02:15:00'),
  (10, 8, 'both', 'Ava Johnson', '9 Ocean Dr', NULL, 'Miami Beach', 'FL', '33139', 'US', 1, '2023-05-05 13:00:00');

INSERT INTO gift_cards (gift_card_id, code, initial_balance, balance, currency, purchased_by, issued_at, expires_on) VALUES
  (1, 'GC-7Q2M-99XA', 100.00, 50.00, 'GBP', 5, '2024-01-07 20:15:00', '2026-01-07'),
  (2, 'GC-3KD8-L1PZ', 50.00, 50.00, 'USD', NULL, '2023-12-20 10:00:00', NULL);

INSERT INTO promotions (promotion_id, code, name, discount_type, discount_value, min_order_amount, starts_on, ends_on, is_active) VALUES
  (1, 'WELCOME10', 'Welcome 10% off', 'percent', 10, 0, '2023-01-01', NULL, 1),
  (2, 'SPRING24', 'Spring sale 2024', 'percent', 15, 100.00, '2024-03-01', '2024-04-30', 1),
  (3, 'FREESHIP', 'Free shipping over 50', 'fixed', 7.50, 50.00, '2024-01-01', '2024-12-31', 1),
  (4, 'BF2023', 'Black Friday 2023', 'percent', 25, 0, '2023-11-24', '2023-11-27', 0);

INSERT INTO carriers (carrier_id, name, tracking_url_template) VALUES
  (1, 'UPS', 'https://www.ups.com/track?tracknum={tracking}'),
  (2, 'DHL', 'https://www.dhl.com/track?id={tracking}'),
  (3, 'Canada Post', 'https://www.canadapost-postescanada.ca/track?pin={tracking}'),
  (4, 'Local courier', NULL);

INSERT INTO orders (order_id, order_number, customer_id, store_id, sales_rep_id, billing_address_id, shipping_address_id, promotion_id, status, channel, currency, shipping_fee, ordered_at, notes) VALUES
  (1001, 'SO-1001', 1, 1, 8, 1, NULL, NULL, 'delivered', 'store', 'USD', 0, '2024-02-03 14:22:00', NULL),
  (1002, 'SO-1002', 2, 4, NULL, 3, 3, 1, 'delivered', 'web', 'USD', 5.99, '2024-02-10 09:15:00', 'Leave at the front desk'),
  (1003, 'SO-1003', 4, 3, 9, 5, 5, NULL, 'shipped', 'phone', 'EUR', 0, '2024-03-05 17:40:00', NULL),
  (1004, 'SO-1004', 5, 4, NULL, 6, 7, 2, 'paid', 'web', 'GBP', 4.50, '2024-03-18 11:05:00', 'Gift: no prices on the packing slip'),
  (1005, 'SO-1005', 6, 2, 7, 8, NULL, NULL, 'returned', 'store', 'CAD', 0, '2024-03-22 13:30:00', NULL),
  (1006, 'SO-1006', 1, 4, NULL, 1, 2, 3, 'shipped', 'web', 'USD', 0, '2024-04-02 20:11:00', NULL),
  (1007, 'SO-1007', 7, 4, NULL, 9, 9, NULL, 'pending', 'web', 'USD', 24.00, '2024-04-05 08:00:00', NULL),
  (1008, 'SO-1008', 3, 4, NULL, 4, 4, NULL, 'cancelled', 'web', 'EUR', 6.90, '2024-04-06 10:00:00', 'Customer cancelled before payment');

INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, discount_amount) VALUES
  (1001, 1, 1, 1, 1299.00, 0),
  (1001, 2, 2, 1, 29.99, 0),
  (1002, 1, 3, 1, 199.00, 19.90),
  (1002, 2, 10, 2, 9.99, 0),
  (1003, 1, 3, 1, 199.00, 0),
  (1003, 2, 6, 1, 89.00, 0),
  (1004, 1, 7, 1, 249.00, 37.35),
  (1004, 2, 8, 2, 24.00, 0),
  (1005, 1, 5, 1, 44.50, 0),
  (1005, 2, 8, 1, 24.00, 0),
  (1006, 1, 4, 2, 59.00, 0),
  (1006, 2, 9, 1, 64.00, 0),
  (1007, 1, 1, 1, 1299.00, 0),
  (1008, 1, 6, 1, 89.00, 0);

INSERT INTO payments (payment_id, order_id, payment_type, payment_method, gift_card_id, amount, currency, status, transaction_ref, paid_at) VALUES
  (1, 1001, 'charge', 'card', NULL, 1328.99, 'USD', 'captured', 'ch_3Oq1001A', '2024-02-03 14:25:00'),
  (2, 1002, 'charge', 'paypal', NULL, 205.07, 'USD', 'captured', 'PAYID-MXK1002', '2024-02-10 09:16:00'),
  (3, 1003, 'charge', 'card', NULL, 288.00, 'EUR', 'captured', 'ch_3Oq1003B', '2024-03-05 17:45:00'),
  (4, 1004, 'charge', 'gift_card', 1, 50.00, 'GBP', 'captured', NULL, '2024-03-18 11:06:00'),
  (5, 1004, 'charge', 'card', NULL, 214.15, 'GBP', 'captured', 'ch_3Oq1004C', '2024-03-18 11:06:30'),
  (6, 1005, 'charge', 'cash', NULL, 68.50, 'CAD', 'captured', NULL, '2024-03-22 13:32:00'),
  (7, 1005, 'refund', 'cash', NULL, 44.50, 'CAD', 'captured', NULL, '2024-04-02 11:05:00'),
  (8, 1006, 'charge', 'card', NULL, 182.00, 'USD', 'captured', 'ch_3Oq1006D', '2024-04-02 20:12:00'),
  (9, 1007, 'charge', 'card', NULL, 1323.00, 'USD', 'failed', 'ch_3Oq1007E', '2024-04-05 08:01:00');

INSERT INTO shipments (shipment_id, order_id, warehouse_id, carrier_id, tracking_number, status, shipping_cost, shipped_at, delivered_at) VALUES
  (1, 1002, 1, 1, '1Z999AA10123456784', 'delivered', 8.40, '2024-02-11 10:00:00', '2024-02-14 15:42:00'),
  (2, 1004, 1, 2, NULL, 'preparing', NULL, NULL, NULL),
  (3, 1006, 1, 1, '1Z999AA10123456785', 'in_transit', 9.10, '2024-04-03 16:00:00', NULL),
  (4, 1006, 3, 2, '4829104799', 'in_transit', 12.75, '2024-04-04 09:30:00', NULL),
  (5, 1003, 3, 2, '4829100001', 'in_transit', 6.20, '2024-03-06 08:30:00', NULL);

INSERT INTO shipment_items (shipment_id, order_id, line_no, quantity) VALUES
  (1, 1002, 1, 1),
  (1, 1002, 2, 2),
  (2, 1004, 1, 1),
  (2, 1004, 2, 2),
  (3, 1006, 1, 2),
  (4, 1006, 2, 1),
  (5, 1003, 1, 1),
  (5, 1003, 2, 1);

INSERT INTO returns (return_id, rma_number, order_id, line_no, quantity, reason, status, requested_at, processed_by, refund_amount, restock_warehouse_id) VALUES
  (1, 'RMA-0001', 1005, 1, 1, 'damaged', 'refunded', '2024-03-28 10:00:00', 7, 44.50, 2),
  (2, 'RMA-0002', 1002, 2, 1, 'changed_mind', 'approved', '2024-02-20 16:45:00', 12, NULL, 1);

INSERT INTO reviews (review_id, product_id, customer_id, order_id, rating, title, body, is_published, created_at) VALUES
  (1, 1, 1, 1001, 5, 'Fast and light', 'Boots in seconds and the battery lasts all day.', 1, '2024-02-20 19:00:00'),
  (2, 2, 1, 1001, 4, 'Quiet clicks', NULL, 1, '2024-02-20 19:05:00'),
  (3, 3, 2, 1002, 4, 'Great noise cancelling', 'A bit tight on larger heads.', 1, '2024-02-25 08:30:00'),
  (4, 3, 4, 1003, 5, 'Sehr gut', 'Excellent sound for the price.', 1, '2024-03-15 21:10:00'),
  (5, 5, 6, 1005, 2, 'Coating chipped', 'Returned after two weeks.', 1, '2024-03-27 12:00:00'),
  (6, 8, 5, 1004, 5, 'Soft and well cut', NULL, 0, '2024-03-25 18:40:00'),
  (7, 7, 8, NULL, 3, 'Fine for summer', 'Not a winter tent.', 1, '2023-08-14 07:20:00');

INSERT INTO purchase_orders (po_id, po_number, supplier_id, warehouse_id, ordered_by, status, ordered_on, expected_on) VALUES
  (1, 'PO-2024-0001', 3, 1, 10, 'received', '2024-01-10', '2024-01-31'),
  (2, 'PO-2024-0002', 2, 2, 10, 'sent', '2024-04-01', '2024-04-15'),
  (3, 'PO-2024-0003', 4, 3, 5, 'draft', NULL, NULL);

INSERT INTO purchase_order_lines (po_id, line_no, product_id, supplier_id, quantity_ordered, quantity_received, unit_cost) VALUES
  (1, 1, 1, 3, 50, 50, 905.00),
  (1, 2, 2, 3, 300, 300, 12.00),
  (2, 1, 8, 2, 200, 0, 7.20),
  (2, 2, 9, 2, 100, 0, 21.50),
  (3, 1, 5, 4, 40, 0, 18.75);

INSERT INTO audit_log (table_name, row_key, action, changed_by, changed_at, details) VALUES
  ('products', '1', 'UPDATE', 2, '2024-01-15 08:00:00', '{"unit_price":{"old":1399.0,"new":1299.0}}'),
  ('products', '3', 'UPDATE', 12, '2024-03-01 08:00:00', '{"unit_price":{"old":219.0,"new":199.0}}'),
  ('employees', '11', 'UPDATE', 4, '2023-06-30 17:00:00', '{"status":{"old":"active","new":"terminated"}}'),
  ('orders', '1008', 'UPDATE', NULL, '2024-04-06 10:20:00', '{"status":{"old":"pending","new":"cancelled"}}'),
  ('returns', '1', 'INSERT', 7, '2024-03-28 10:00:00', NULL);

COMMIT;
