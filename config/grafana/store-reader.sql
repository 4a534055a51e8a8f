-- A read-only role for Grafana's PostgreSQL data source on the central store (README, Deployment). Run it once, as
-- the database's owner or a superuser, in the store's database:
--   sudo -u postgres psql -d banwatch -f config/grafana/store-reader.sql
--   sudo -u postgres psql -c '\password grafana'
-- It may read every table and view banwatch creates, now and after a newer banwatch migrates the schema (the
-- default privileges below), and nothing else; every transaction it opens is read-only.
CREATE ROLE grafana LOGIN;
ALTER ROLE grafana SET default_transaction_read_only = on;
GRANT USAGE ON SCHEMA public TO grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana;
-- banwatch is the store.user that creates the tables (createuser banwatch above); change it if yours differs.
ALTER DEFAULT PRIVILEGES FOR ROLE banwatch IN SCHEMA public GRANT SELECT ON TABLES TO grafana;
