package org.coophive.saas.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.coophive.saas.files.Downloads;
import org.coophive.saas.files.FileStore;
import org.coophive.saas.files.FileStoreException;
import org.coophive.saas.security.CurrentAccount;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The user's file store: browse, upload, new folder, rename, delete, download. */
@Controller
class FilesController {

    private final FileStore files;
    private final CurrentAccount current;

    FilesController(FileStore files, CurrentAccount current) {
        this.files = files;
        this.current = current;
    }

    record Crumb(String name, String path) {}

    @GetMapping("/files")
    String list(@RequestParam(defaultValue = "") String path, Authentication authentication, Model model) {
        String folder = path.strip().replaceAll("/+$", "");
        model.addAttribute("items", files.list(current.id(authentication), folder));
        model.addAttribute("path", folder);
        model.addAttribute("readOnly", folder.equals(FileStore.RESULTS) || folder.startsWith(FileStore.RESULTS + "/"));
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb("My files", ""));
        StringBuilder prefix = new StringBuilder();
        if (!folder.isEmpty()) {
            for (String segment : folder.split("/")) {
                if (prefix.length() > 0) prefix.append('/');
                prefix.append(segment);
                crumbs.add(new Crumb(segment, prefix.toString()));
            }
        }
        model.addAttribute("crumbs", crumbs);
        return "files";
    }

    @GetMapping("/files/download")
    @ResponseBody
    ResponseEntity<Resource> download(@RequestParam String path, Authentication authentication) {
        return Downloads.of(files.read(current.id(authentication), path));
    }

    @PostMapping("/files/upload")
    String upload(
            @RequestParam(defaultValue = "") String path,
            @RequestParam("files") List<MultipartFile> uploads,
            Authentication authentication,
            RedirectAttributes redirect)
            throws IOException {
        long account = current.id(authentication);
        int stored = 0;
        for (MultipartFile upload : uploads) {
            if (upload.isEmpty()
                    && (upload.getOriginalFilename() == null
                            || upload.getOriginalFilename().isEmpty())) continue;
            try (InputStream in = upload.getInputStream()) {
                files.upload(account, path, upload.getOriginalFilename(), in);
                stored++;
            }
        }
        redirect.addFlashAttribute(
                "notice", stored == 0 ? "Choose a file to upload." : "Uploaded " + stored + " file(s).");
        return back(path);
    }

    @PostMapping("/files/folder")
    String folder(
            @RequestParam(defaultValue = "") String path,
            @RequestParam String name,
            Authentication authentication,
            RedirectAttributes redirect) {
        files.createFolder(current.id(authentication), join(path, name));
        redirect.addFlashAttribute("notice", "Folder " + name.strip() + " created.");
        return back(path);
    }

    @PostMapping("/files/rename")
    String rename(
            @RequestParam(defaultValue = "") String path,
            @RequestParam String from,
            @RequestParam String name,
            Authentication authentication,
            RedirectAttributes redirect) {
        files.rename(current.id(authentication), from, join(path, name));
        redirect.addFlashAttribute("notice", "Renamed to " + name.strip() + ".");
        return back(path);
    }

    @PostMapping("/files/delete")
    String delete(
            @RequestParam(defaultValue = "") String path,
            @RequestParam String target,
            Authentication authentication,
            RedirectAttributes redirect) {
        files.delete(current.id(authentication), target);
        redirect.addFlashAttribute("notice", "Deleted " + target + ".");
        return back(path);
    }

    private static String join(String folder, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) throw new FileStoreException(FileStoreException.Reason.BAD_PATH, "a name is required");
        if (n.contains("/"))
            throw new FileStoreException(FileStoreException.Reason.BAD_PATH, "a name may not contain /");
        String f = folder == null ? "" : folder.strip().replaceAll("/+$", "");
        return f.isEmpty() ? n : f + "/" + n;
    }

    private static String back(String path) {
        return "redirect:/files"
                + (path == null || path.isBlank() ? "" : "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
    }
}
