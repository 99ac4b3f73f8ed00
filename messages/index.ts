// Every message file, imported statically: the bundler sees exactly these files (a directory read at
// run time would make it watch and trace the whole project). A new area of the app adds its file in
// both languages here; tests/unit/i18n.test.ts fails when a file on disk is missing from this list.
import type { Locale } from "@/i18n/locales";
import enAdmin from "./en/admin.json";
import enAssets from "./en/assets.json";
import enCommon from "./en/common.json";
import enErrors from "./en/errors.json";
import enHome from "./en/home.json";
import enLibrary from "./en/library.json";
import enNav from "./en/nav.json";
import enProgress from "./en/progress.json";
import enProjects from "./en/projects.json";
import enProvenance from "./en/provenance.json";
import enSignin from "./en/signin.json";
import enStudio from "./en/studio.json";
import enUsage from "./en/usage.json";
import frAdmin from "./fr/admin.json";
import frAssets from "./fr/assets.json";
import frCommon from "./fr/common.json";
import frErrors from "./fr/errors.json";
import frHome from "./fr/home.json";
import frLibrary from "./fr/library.json";
import frNav from "./fr/nav.json";
import frProgress from "./fr/progress.json";
import frProjects from "./fr/projects.json";
import frProvenance from "./fr/provenance.json";
import frSignin from "./fr/signin.json";
import frStudio from "./fr/studio.json";
import frUsage from "./fr/usage.json";

export const MESSAGES: Record<Locale, Record<string, unknown>> = {
  en: { admin: enAdmin, assets: enAssets, common: enCommon, errors: enErrors, home: enHome, library: enLibrary, nav: enNav, progress: enProgress, projects: enProjects, provenance: enProvenance, signin: enSignin, studio: enStudio, usage: enUsage },
  fr: { admin: frAdmin, assets: frAssets, common: frCommon, errors: frErrors, home: frHome, library: frLibrary, nav: frNav, progress: frProgress, projects: frProjects, provenance: frProvenance, signin: frSignin, studio: frStudio, usage: frUsage },
};
