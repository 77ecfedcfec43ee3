/* --images DIR: the files U-Boot would find on the boot partition, as config_blobs images, with
 * their contents (validation reads a kernel's header to lay it out as partition creation will). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/check.h"

bool check_images_from_dir(const char *dir, struct config_blobs *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	if (!d) {
		perror(dir);
		return false;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		struct cfg_image *q;
		char *name;
		void *data = NULL;
		FILE *f;

		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		f = fopen(path, "rb");
		if (f) {
			data = malloc(st.st_size ? (size_t)st.st_size : 1);
			if (data && fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
				free(data);
				data = NULL;
			}
			fclose(f);
		}
		name = strdup(e->d_name);
		q = name && data ? realloc(out->images, (out->n_images + 1) * sizeof(*q)) : NULL;
		if (!q) {
			free(name);
			free(data);
			closedir(d);
			check_images_free(out);
			fprintf(stderr, "bulkhead-check: %s: cannot read\n", path);
			return false;
		}
		out->images = q;
		out->images[out->n_images++] = (struct cfg_image){ name, 0, (uint64_t)st.st_size, data };
	}
	closedir(d);
	return true;
}

void check_images_free(struct config_blobs *b)
{
	for (size_t i = 0; i < b->n_images; i++) {
		free((char *)b->images[i].name);
		free((void *)b->images[i].data);
	}
	config_blobs_free(b);
}
